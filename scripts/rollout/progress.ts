/**
 * Live per-region progress of a StackSet operation. On a terminal the region lines are redrawn in
 * place; elsewhere (CI, pipes, CodeBuild) a plain line is printed whenever a region's state changes,
 * so logs stay readable.
 */
export interface RegionState {
  region: string;
  status: string;
  reason?: string;
}

export interface ProgressWriter {
  isTTY: boolean;
  write(text: string): void;
}

export function regionLine(state: RegionState, elapsedSeconds: number): string {
  const reason = state.reason ? `  ${state.reason}` : '';
  return `  ${state.region.padEnd(16)} ${state.status.padEnd(10)} ${String(elapsedSeconds).padStart(4)}s${reason}`;
}

export function isInteractive(out: ProgressWriter, env: NodeJS.ProcessEnv = process.env): boolean {
  return out.isTTY && !env.CI;
}

export class ProgressDisplay {
  readonly #out: ProgressWriter;
  readonly #interactive: boolean;
  readonly #last = new Map<string, string>();
  #drawnLines = 0;

  constructor(out: ProgressWriter, interactive = isInteractive(out)) {
    this.#out = out;
    this.#interactive = interactive;
  }

  update(states: readonly RegionState[], elapsedSeconds: number): void {
    if (this.#interactive) {
      const up = this.#drawnLines > 0 ? `\u001b[${this.#drawnLines}A` : '';
      const lines = states.map((s) => `\u001b[2K${regionLine(s, elapsedSeconds)}`);
      this.#out.write(`${up}${lines.join('\n')}\n`);
      this.#drawnLines = states.length;
      return;
    }
    for (const state of states) {
      const key = `${state.status}|${state.reason ?? ''}`;
      if (this.#last.get(state.region) === key) continue;
      this.#last.set(state.region, key);
      this.#out.write(`${regionLine(state, elapsedSeconds)}\n`);
    }
  }
}
