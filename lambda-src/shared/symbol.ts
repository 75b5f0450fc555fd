/** Symbols: 1-16 of A-Z, 0-9, "." and "-", accepted in any case and stored upper-cased. */

const MAX_SYMBOL_LENGTH = 16;

/**
 * The upper-cased symbol, or `undefined` when it breaks the contract's SYMBOL_PATTERN. A character
 * loop rather than the pattern: this runs once per CSV row. A test holds the two equal.
 */
export function normaliseSymbol(text: string): string | undefined {
  const n = text.length;
  if (n === 0 || n > MAX_SYMBOL_LENGTH) return undefined;
  let lower = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45) continue;
    if (c >= 97 && c <= 122) {
      lower = true;
      continue;
    }
    return undefined;
  }
  return lower ? text.toUpperCase() : text;
}
