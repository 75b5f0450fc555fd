/** Small stand-in Lambda zips and a captured output stream, for rollout tests that do not build bundles. */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '../../scripts/rollout/bundles';
import type { ProgressWriter } from '../../scripts/rollout/progress';
import { FUNCTION_NAMES } from '../../src/contract';

/** One tiny file per function (not a real zip: only its bytes and hash matter to the rollout). */
export function fakeBundles(seed = 'v1'): Bundle[] {
  const dir = mkdtempSync(join(tmpdir(), 'servapp-bundles-'));
  return FUNCTION_NAMES.map((name) => {
    const bytes = Buffer.from(`${name}:${seed}`);
    const file = join(dir, `${name}.zip`);
    writeFileSync(file, bytes);
    return { name, file, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}

export interface CapturedOutput extends ProgressWriter {
  text(): string;
}

export function capture(): CapturedOutput {
  let text = '';
  return {
    isTTY: false,
    write: (chunk) => {
      text += chunk;
    },
    text: () => text,
  };
}
