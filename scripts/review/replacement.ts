/**
 * Whether CloudFormation updates a modified resource in place or replaces it, from two sources
 * read side by side:
 * - the cdk engine's per-property impact (its AWS service spec: `causesReplacement` yes/maybe),
 *   which it also propagates to properties that reference a replaced resource;
 * - the registry schema's createOnlyProperties (cfn-lint's bundled schemas), compared at their
 *   exact pointers.
 * The verdict is the stricter of the two; where they disagree the review says what each says.
 * "may" where the template alone cannot know: a reference whose target changed (equal only if the
 * targets resolve to the same value) or a deploy-time parameter value that changed.
 */
import { ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { createOnlyProperties, valuesAt } from './create-only';
import { isRecord, references, sameValue } from './json';
import type { Replacement, ReplacementSource, ReplacementVerdict } from './model';
import type { ResourceDiff } from './template-diff';

const RANK: Record<Replacement, number> = { none: 0, may: 1, will: 2 };
export const stricter = (a: Replacement, b: Replacement): Replacement => (RANK[a] >= RANK[b] ? a : b);

function engineSource(diff: ResourceDiff): ReplacementSource {
  if (diff.engine.resourceTypeChanged) return { replacement: 'will', because: ['Type'] };
  let replacement: Replacement = 'none';
  const because: string[] = [];
  for (const [name, change] of Object.entries(diff.engine.propertyUpdates)) {
    const impact =
      change.changeImpact === ResourceImpact.WILL_REPLACE
        ? 'will'
        : change.changeImpact === ResourceImpact.MAY_REPLACE
          ? 'may'
          : 'none';
    if (impact === 'none') continue;
    replacement = stricter(replacement, impact);
    because.push(name);
  }
  return { replacement, because: because.sort() };
}

/**
 * A value with every reference target blanked out: equal skeletons mean the change is only in
 * which resource or parameter is referenced.
 */
function skeleton(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(skeleton);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, arg] of Object.entries(value)) {
    if (key === 'Ref') out[key] = '<ref>';
    else if (key === 'Fn::GetAtt')
      out[key] = Array.isArray(arg) ? ['<ref>', ...arg.slice(1)] : String(arg).replace(/^[^.]+/, '<ref>');
    else if (key === 'Fn::Sub' && typeof arg === 'string')
      out[key] = arg.replace(/\$\{[^}!]+\}/g, '${<ref>}');
    else out[key] = skeleton(arg);
  }
  return out;
}

export interface ReplacementContext {
  /** Verdicts already known for other resources (a reference to a replaced one changes value). */
  replaced: ReadonlyMap<string, Replacement>;
  /** Parameters whose deploy-time value changes (deployed StackSet vs this rollout). */
  changedParameters: ReadonlySet<string>;
}

const top = (resource: Record<string, unknown> | undefined, name: string): unknown =>
  isRecord(resource?.Properties) ? resource.Properties[name] : undefined;

/**
 * How certain a decisive change replaces: a literal change will; a change only in which
 * resource or parameter is referenced may (the two may resolve to the same value); unchanged
 * text that refers to a replaced resource or a changed parameter value inherits that.
 */
function strength(
  name: string,
  before: unknown,
  after: unknown,
  context: ReplacementContext,
  uncertain: Set<string>,
): Replacement {
  if (!sameValue(before, after)) {
    if (!sameValue(skeleton(before), skeleton(after))) return 'will';
    uncertain.add(
      `${name} now refers to another resource or parameter: replaced only if the two resolve to different values`,
    );
    return 'may';
  }
  let found: Replacement = 'none';
  for (const target of references(after)) {
    const replaced = context.replaced.get(target) ?? 'none';
    if (replaced !== 'none') {
      found = stricter(found, replaced);
      uncertain.add(`${name} refers to ${target}, which ${replaced === 'will' ? 'is' : 'may be'} replaced`);
    }
    if (context.changedParameters.has(target)) {
      found = stricter(found, 'may');
      uncertain.add(`${name} uses the parameter ${target}, whose deploy-time value changes`);
    }
  }
  return found;
}

export function replacementVerdict(diff: ResourceDiff, context: ReplacementContext): ReplacementVerdict {
  const engine = engineSource(diff);
  const uncertain = new Set<string>();
  let replacement: Replacement = diff.engine.resourceTypeChanged ? 'will' : 'none';
  for (const name of engine.because)
    if (name !== 'Type')
      replacement = stricter(
        replacement,
        strength(name, top(diff.before, name), top(diff.after, name), context, uncertain),
      );
  const schemaBecause: string[] = [];
  let schemaReplacement: Replacement = 'none';
  for (const pointer of createOnlyProperties(diff.type)) {
    const name = pointer.replace(/^\/properties\//, '');
    const found = strength(
      name,
      valuesAt(diff.before, pointer),
      valuesAt(diff.after, pointer),
      context,
      uncertain,
    );
    if (found === 'none') continue;
    schemaReplacement = stricter(schemaReplacement, found);
    schemaBecause.push(pointer);
  }
  replacement = stricter(replacement, schemaReplacement);
  const schema: ReplacementSource = { replacement: schemaReplacement, because: schemaBecause.sort() };
  const verdict: ReplacementVerdict = { replacement, engine, schema, uncertain: [...uncertain].sort() };
  const disagreement = describeDisagreement(diff.type, engine, schema);
  if (disagreement) verdict.disagreement = disagreement;
  return verdict;
}

/** The sources disagree when one replaces and the other updates in place (not on how sure). */
function describeDisagreement(
  type: string,
  engine: ReplacementSource,
  schema: ReplacementSource,
): string | undefined {
  if ((engine.replacement === 'none') === (schema.replacement === 'none')) return undefined;
  const say = (s: ReplacementSource, who: string) =>
    s.replacement === 'none'
      ? `${who}: update in place`
      : `${who}: ${s.replacement === 'will' ? 'replace' : 'may replace'} (${s.because.join(', ')})`;
  return `${say(engine, 'cdk engine')}; ${say(schema, `${type} createOnlyProperties`)}; the review takes the stricter`;
}
