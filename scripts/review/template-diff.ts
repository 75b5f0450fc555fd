/**
 * The semantic diff of two templates, on the cdk engine (`@aws-cdk/cloudformation-diff`, the engine
 * of `cdk diff`): it compares parsed JSON by logical id, never text, so key order and formatting
 * never show up, and it normalises what CloudFormation treats as equal (`DependsOn` order, `10`
 * and `"10"`, the short `Fn::GetAtt`). This module turns its top-level differences into exact
 * property paths with their old and new values.
 */
import { fullDiff, type ResourceDifference, type TemplateDiff } from '@aws-cdk/cloudformation-diff';
import { joinPath, record, valueChanges } from './json';
import type { SectionChange, SectionName, TemplateBody, ValueChange } from './model';

export interface ResourceDiff {
  logicalId: string;
  type: string;
  kind: 'added' | 'removed' | 'modified';
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  properties: ValueChange[];
  attributes: ValueChange[];
  /** The engine's view of this resource (its per-property replacement impact). */
  engine: ResourceDifference;
}

export interface SemanticDiff {
  resources: ResourceDiff[];
  sections: SectionChange[];
  engine: TemplateDiff;
}

function changesAt(before: unknown, after: unknown, prefix: (string | number)[] = []): ValueChange[] {
  return valueChanges(before, after, prefix).map((c) => ({ ...c, path: joinPath(c.path) || '(whole)' }));
}

const SECTIONS: readonly [SectionName, 'parameters' | 'outputs' | 'conditions' | 'mappings' | 'metadata'][] =
  [
    ['Parameters', 'parameters'],
    ['Outputs', 'outputs'],
    ['Conditions', 'conditions'],
    ['Mappings', 'mappings'],
    ['Metadata', 'metadata'],
  ];

export function semanticDiff(before: TemplateBody, after: TemplateBody): SemanticDiff {
  const engine = fullDiff(before, after);
  const resources: ResourceDiff[] = [];
  engine.resources.forEachDifference((logicalId, change) => {
    if (!change.isDifferent) return;
    const old = change.oldValue ? record(change.oldValue) : undefined;
    const next = change.newValue ? record(change.newValue) : undefined;
    const kind = change.isAddition ? 'added' : change.isRemoval ? 'removed' : 'modified';
    const type = String(next?.Type ?? old?.Type ?? '');
    const attributeKeys = [...new Set([...Object.keys(old ?? {}), ...Object.keys(next ?? {})])]
      .filter((k) => k !== 'Properties')
      .sort();
    resources.push({
      logicalId,
      type,
      kind,
      ...(old ? { before: old } : {}),
      ...(next ? { after: next } : {}),
      properties: kind === 'modified' ? changesAt(old?.Properties, next?.Properties) : [],
      // Through the engine's normalisation (DependsOn order), so that only real changes show.
      attributes:
        kind === 'modified'
          ? attributeKeys.flatMap((k) =>
              change.otherChanges[k]
                ? changesAt(change.otherChanges[k].oldValue, change.otherChanges[k].newValue, [k])
                : [],
            )
          : [],
      engine: change,
    });
  });
  resources.sort((a, b) => a.logicalId.localeCompare(b.logicalId));

  const sections: SectionChange[] = [];
  const top: [string, { oldValue?: unknown; newValue?: unknown } | undefined][] = [
    ['AWSTemplateFormatVersion', engine.awsTemplateFormatVersion],
    ['Description', engine.description],
    ['Transform', engine.transform],
  ];
  for (const [name, d] of top) {
    if (!d) continue;
    sections.push({
      section: 'Template',
      name,
      kind: 'modified',
      changes: changesAt(d.oldValue, d.newValue),
    });
  }
  for (const [section, key] of SECTIONS) {
    engine[key].forEachDifference((name, d) => {
      if (!d.isDifferent) return;
      const kind = d.isAddition ? 'added' : d.isRemoval ? 'removed' : 'modified';
      sections.push({
        section,
        name,
        kind,
        changes: kind === 'modified' ? changesAt(d.oldValue, d.newValue) : [],
      });
    });
  }
  engine.unknown.forEachDifference((name, d) => {
    if (d.isDifferent)
      sections.push({
        section: 'Template',
        name,
        kind: 'modified',
        changes: changesAt(d.oldValue, d.newValue),
      });
  });
  return { resources, sections, engine };
}
