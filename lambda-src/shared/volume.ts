/** Volumes: whole numbers >= 0, small enough to stay exact as a JSON number. */
import { LIMITS } from '../../src/contract';

const MAX_VOLUME_DIGITS = 18;

/**
 * The volume, or `undefined` when it breaks the contract's VOLUME_PATTERN or exceeds
 * LIMITS.maxVolume. A character loop rather than the pattern: this runs once per CSV row.
 */
export function parseVolume(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > MAX_VOLUME_DIGITS || (n > 1 && text.charCodeAt(0) === 48)) return undefined;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  return value <= LIMITS.maxVolume ? value : undefined;
}
