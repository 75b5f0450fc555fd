/**
 * The change review of one template against another: the semantic diff, then replacement, data
 * loss, renamed ids, security changes and code changes, each from its own module, and a summary
 * the formatters and the gate read.
 */
import { effectiveParameters } from '../rollout/plan';
import { codeChanges, isCodeKeyParameter } from './code-changes';
import { createOnlyProperties, valuesAt } from './create-only';
import { dataOutcome } from './data-loss';
import { record, references, sameValue } from './json';
import type { Replacement, ResourceChange, Review, ReviewSummary, TemplateBody, ValueChange } from './model';
import { findRenames } from './renames';
import { replacementVerdict } from './replacement';
import { securityChanges } from './security';
import { semanticDiff } from './template-diff';

export interface ReviewInput {
  title: string;
  before: TemplateBody;
  after: TemplateBody;
  /**
   * Deploy-time parameter values (the deployed StackSet's and the rollout's), when known; then the
   * review also compares them and lists the functions whose code changes.
   */
  parameters?: { before: Record<string, string> | undefined; after: Record<string, string> };
}

/**
 * Resources whose text is unchanged but whose create-only values use a parameter whose
 * deploy-time value changes (a new EnvironmentSuffix renames every table): they may be replaced.
 */
function parameterReplacements(
  after: TemplateBody,
  changed: ReadonlySet<string>,
  listed: ReadonlySet<string>,
): ResourceChange[] {
  if (changed.size === 0) return [];
  const out: ResourceChange[] = [];
  for (const [logicalId, raw] of Object.entries(record(after.Resources)).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    if (listed.has(logicalId)) continue;
    const resource = record(raw);
    const type = String(resource.Type ?? '');
    const pointers = createOnlyProperties(type).filter((p) =>
      valuesAt(resource, p).some((v) => [...references(v)].some((ref) => changed.has(ref))),
    );
    if (pointers.length === 0) continue;
    const uncertain = pointers.map(
      (p) => `${p.replace(/^\/properties\//, '')} uses a parameter whose deploy-time value changes`,
    );
    const change: ResourceChange = {
      logicalId,
      type,
      kind: 'modified',
      properties: [],
      attributes: [],
      replacement: {
        replacement: 'may',
        engine: { replacement: 'none', because: [] },
        schema: { replacement: 'may', because: pointers },
        uncertain,
      },
      notes: uncertain.map((u) => `may replace: ${u}`),
    };
    Object.assign(change, dataOutcome(type, 'replacement', resource, 'may'));
    out.push(change);
  }
  return out;
}

export function reviewChanges(input: ReviewInput): Review {
  const diff = semanticDiff(input.before, input.after);

  const parameterValues: ValueChange[] = [];
  const changedParameters = new Set<string>();
  if (input.parameters) {
    const before = input.parameters.before ? effectiveParameters(input.before, input.parameters.before) : {};
    const after = effectiveParameters(input.after, input.parameters.after);
    for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      if (before[name] === after[name]) continue;
      changedParameters.add(name);
      if (!isCodeKeyParameter(name))
        parameterValues.push({
          path: name,
          ...(before[name] === undefined ? {} : { before: before[name] }),
          ...(after[name] === undefined ? {} : { after: after[name] }),
        });
    }
  }

  // Replacement spreads through references: repeat until no verdict changes.
  const replaced = new Map<string, Replacement>();
  const verdicts = new Map<string, ReturnType<typeof replacementVerdict>>();
  for (let round = 0; round < 10; round++) {
    let changed = false;
    for (const r of diff.resources) {
      if (r.kind !== 'modified') continue;
      const verdict = replacementVerdict(r, { replaced, changedParameters });
      verdicts.set(r.logicalId, verdict);
      if (replaced.get(r.logicalId) !== verdict.replacement) {
        replaced.set(r.logicalId, verdict.replacement);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const renames = findRenames(diff.resources);

  const resources: ResourceChange[] = diff.resources.map((r) => {
    const change: ResourceChange = {
      logicalId: r.logicalId,
      type: r.type,
      kind: r.kind,
      properties: r.properties,
      attributes: r.attributes,
      notes: [],
    };
    const verdict = verdicts.get(r.logicalId);
    if (verdict) change.replacement = verdict;
    const renamedTo = renames.find((n) => n.from === r.logicalId);
    const renamedFrom = renames.find((n) => n.to === r.logicalId);
    if (renamedTo) {
      change.renamed = { to: renamedTo.to };
      change.notes.push(
        `logical id renamed to ${renamedTo.to}: CloudFormation creates ${renamedTo.to} as a new resource and deletes ${r.logicalId}`,
      );
      if (renamedTo.sameName)
        change.notes.push(
          `both carry the same ${renamedTo.sameName}: creating ${renamedTo.to} fails while ${r.logicalId} still holds it, and the update rolls back`,
        );
    }
    if (renamedFrom) {
      change.renamed = { from: renamedFrom.from };
      change.notes.push(`logical id renamed from ${renamedFrom.from}: a new, empty resource`);
    }
    if (r.kind === 'removed') Object.assign(change, dataOutcome(r.type, 'removal', r.before));
    if (r.kind === 'modified' && verdict && verdict.replacement !== 'none') {
      Object.assign(change, dataOutcome(r.type, 'replacement', r.after, verdict.replacement));
      // CloudFormation refuses to replace a resource whose custom name stays the same.
      for (const pointer of createOnlyProperties(r.type)) {
        if (!/Name$/.test(pointer)) continue;
        const [was] = valuesAt(r.before, pointer);
        const [is] = valuesAt(r.after, pointer);
        if (is !== undefined && sameValue(was, is))
          change.notes.push(
            `it has a custom name (${pointer.replace(/^\/properties\//, '')}) that does not change: CloudFormation cannot replace a custom-named resource, so this update fails in every region and rolls back unless the name changes too`,
          );
      }
      if (verdict.disagreement) change.notes.push(`replacement sources disagree: ${verdict.disagreement}`);
      for (const why of verdict.uncertain) change.notes.push(`may replace: ${why}`);
    }
    return change;
  });
  resources.push(
    ...parameterReplacements(input.after, changedParameters, new Set(diff.resources.map((r) => r.logicalId))),
  );

  const security = securityChanges(diff);
  const code = input.parameters ? codeChanges(input.parameters.before, input.parameters.after) : undefined;
  const summary = summarise(resources, security, code);
  const noChanges =
    resources.length === 0 &&
    diff.sections.length === 0 &&
    parameterValues.length === 0 &&
    (code?.length ?? 0) === 0;
  return {
    title: input.title,
    resources,
    sections: diff.sections,
    parameterValues,
    security,
    ...(code ? { code } : {}),
    engine: {
      permissionsBroadened: diff.engine.permissionsBroadened,
      differenceCount: diff.engine.differenceCount,
    },
    summary,
    noChanges,
  };
}

function summarise(
  resources: readonly ResourceChange[],
  security: Review['security'],
  code: Review['code'],
): ReviewSummary {
  const ids = (pick: (r: ResourceChange) => boolean) => resources.filter(pick).map((r) => r.logicalId);
  const unique = (xs: string[]) => [...new Set(xs)];
  return {
    added: resources.filter((r) => r.kind === 'added').length,
    removed: resources.filter((r) => r.kind === 'removed').length,
    modified: resources.filter((r) => r.kind === 'modified').length,
    replace: ids((r) => r.replacement?.replacement === 'will'),
    mayReplace: ids((r) => r.replacement?.replacement === 'may'),
    dataLoss: ids((r) => r.dataLoss !== undefined),
    retained: ids((r) => r.retained !== undefined),
    broadening: unique(security.filter((s) => s.direction === 'broadening').map((s) => s.logicalId)),
    narrowing: unique(security.filter((s) => s.direction === 'narrowing').map((s) => s.logicalId)),
    unclassified: unique(security.filter((s) => s.direction === 'unclassified').map((s) => s.logicalId)),
    codeChanged: (code ?? []).map((c) => c.function),
  };
}
