/**
 * Physical names: `<prefix>-<environment suffix>-<region id>-<purpose>`, the prefix the caller's.
 *
 * The region is only known at deploy time (one template, one stack instance per region), so the
 * normalised region id comes from a mapping the template carries, keyed by `AWS::Region`.
 */
import { Fn, type IntrinsicFunction } from 'cloudform-types';
import { sub } from './intrinsics.js';

export const REGION_MAPPING = 'RegionIds';

const DIRECTIONS: Record<string, string> = {
  central: 'c',
  east: 'e',
  west: 'w',
  north: 'n',
  south: 's',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** `us-east-1` → `use1`, `ap-southeast-2` → `apse2`, `us-gov-west-1` → `usgovw1`. */
export function normaliseRegion(region: string): string {
  const parts = region.split('-');
  if (parts.length < 3 || !/^\d+$/.test(parts.at(-1) ?? '')) throw new Error(`not a region name: ${region}`);
  return parts
    .map((part, index) => (index === 0 || index === parts.length - 1 ? part : (DIRECTIONS[part] ?? part)))
    .join('');
}

/** The mapping a template carries: region → { Id: normalised id }. */
export function regionMapping(regions: readonly string[]): Record<string, Record<string, string>> {
  return Object.fromEntries([...regions].sort().map((region) => [region, { Id: normaliseRegion(region) }]));
}

export class Names {
  readonly #prefix: string;
  readonly #suffixParameter: string;

  /** `prefix` starts every name; `suffixParameter` is the parameter holding the environment suffix. */
  constructor(prefix: string, suffixParameter: string) {
    if (!/^[a-z][a-z0-9-]*$/.test(prefix))
      throw new Error(`name prefix "${prefix}": lower-case letters, digits, dashes`);
    this.#prefix = prefix;
    this.#suffixParameter = suffixParameter;
  }

  /** The normalised id of the region the stack is deployed in. */
  regionId(): IntrinsicFunction {
    return Fn.FindInMap(REGION_MAPPING, Fn.Ref('AWS::Region'), 'Id');
  }

  /** `<prefix>-<suffix>-<region id>-<purpose>`. */
  name(purpose: string): IntrinsicFunction {
    return sub(this.namePattern(purpose), this.subVariables());
  }

  /** The same name as a Sub pattern, for ARNs: `...-${RegionId}-purpose` with the variable supplied. */
  namePattern(purpose: string): string {
    return `${this.#prefix}-\${${this.#suffixParameter}}-\${RegionId}-${purpose}`;
  }

  /** A globally unique bucket name: `<prefix>-<suffix>-<purpose>-<account>-<region>`. */
  bucketName(purpose: string): IntrinsicFunction {
    return sub(this.bucketPattern(purpose));
  }

  bucketPattern(purpose: string): string {
    return `${this.#prefix}-\${${this.#suffixParameter}}-${purpose}-\${AWS::AccountId}-\${AWS::Region}`;
  }

  /** Sub variables that patterns from this class need. */
  subVariables(): { RegionId: IntrinsicFunction } {
    return { RegionId: this.regionId() };
  }
}
