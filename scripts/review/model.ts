/**
 * What a change review says, as data: the formatters (terminal, Markdown, JSON), the rollout's gate
 * and the pipeline all read this one shape.
 */

/** A template as parsed JSON: sections by name. */
export type TemplateBody = Record<string, unknown>;

/** One changed value at a path (`KeySchema[0].AttributeName`); `before`/`after` absent = not set. */
export interface ValueChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** How CloudFormation applies a change to one resource. */
export type Replacement = 'none' | 'may' | 'will';

/** What one source of replacement data says about one changed resource. */
export interface ReplacementSource {
  replacement: Replacement;
  /** The properties (cdk engine: top-level names; schema: createOnly JSON pointers) that decide it. */
  because: string[];
}

export interface ReplacementVerdict {
  /** The stricter of the two sources, and `may` where a reference or a deploy-time value decides. */
  replacement: Replacement;
  /** The cdk engine (@aws-cdk/cloudformation-diff, its AWS service spec). */
  engine: ReplacementSource;
  /** The registry schema's createOnlyProperties (cfn-lint's bundled schemas). */
  schema: ReplacementSource;
  /** Set when the two sources disagree: what each says, in words. */
  disagreement?: string;
  /** Why it is only `may`: references whose target changed, deploy-time values. */
  uncertain: string[];
}

export interface DataLoss {
  /** What is destroyed: "every item in the table". */
  what: string;
  /** removal (incl. a renamed id) or replacement. */
  cause: 'removal' | 'replacement';
  /** `may` when the replacement itself is only possible. */
  certainty: 'will' | 'may';
}

export interface Retained {
  policy: string;
  /** What stays behind outside the stack, in words. */
  leftBehind: string;
  cause: 'removal' | 'replacement';
}

export interface ResourceChange {
  logicalId: string;
  type: string;
  kind: 'added' | 'removed' | 'modified';
  /** Property changes at their exact paths (below `Properties`). */
  properties: ValueChange[];
  /** DeletionPolicy, UpdateReplacePolicy, DependsOn, Condition, Metadata, Type. */
  attributes: ValueChange[];
  /** Only for modified resources. */
  replacement?: ReplacementVerdict;
  /** Set when this removal/addition pairs with another under a new logical id. */
  renamed?: { from: string } | { to: string };
  dataLoss?: DataLoss;
  retained?: Retained;
  notes: string[];
}

export type SectionName = 'Parameters' | 'Outputs' | 'Conditions' | 'Mappings' | 'Metadata' | 'Template';

export interface SectionChange {
  section: SectionName;
  name: string;
  kind: 'added' | 'removed' | 'modified';
  changes: ValueChange[];
}

export type SecurityDirection = 'broadening' | 'narrowing' | 'unclassified';

export interface SecurityChange {
  direction: SecurityDirection;
  logicalId: string;
  type: string;
  /** identity policy, trust policy, permissions boundary, key policy, API auth, … */
  area: string;
  /** What is granted or withdrawn, in words. */
  detail: string;
}

export interface CodeChange {
  function: string;
  before?: string;
  after?: string;
}

export interface ReviewSummary {
  added: number;
  removed: number;
  modified: number;
  replace: string[];
  mayReplace: string[];
  dataLoss: string[];
  retained: string[];
  broadening: string[];
  narrowing: string[];
  unclassified: string[];
  codeChanged: string[];
}

export interface Review {
  /** What was compared: "templates/regional.json at main → built". */
  title: string;
  resources: ResourceChange[];
  sections: SectionChange[];
  /** Deploy-time parameter values (deployed StackSet vs this rollout), when known. */
  parameterValues: ValueChange[];
  security: SecurityChange[];
  /** Undefined when the comparison cannot know the code (two template files). */
  code?: CodeChange[];
  /** The cdk engine's own verdict, kept for comparison with ours. */
  engine: { permissionsBroadened: boolean; differenceCount: number };
  summary: ReviewSummary;
  noChanges: boolean;
}
