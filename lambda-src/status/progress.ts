/**
 * A job's progress and an estimate of the time left, from what the planner and the workers record.
 * Reading the file (planning) counts for the first 10%: it runs at about 13 MiB/s, while storing runs
 * at the table's pace, which can be 40 times slower for a file of one symbol. The estimate is made
 * only once the parts are sent, from the rows stored since then: the pace that matters.
 */
import type { JobRecord } from '../shared/jobs-repository';

const PLANNING_SHARE = 0.1;

export interface Progress {
  /** 0 to 1. */
  progress: number;
  /** Seconds left at the pace so far; absent until there is a pace to go by. */
  secondsLeft?: number;
}

export function progressOf(job: JobRecord, now: Date): Progress {
  if (job.status !== 'PENDING' && job.status !== 'PROCESSING') return { progress: 1 };
  if (job.status === 'PENDING') return { progress: 0 };
  if (job.partsTotal === 0) {
    const read = job.bytesTotal > 0 ? Math.min(1, job.bytesRead / job.bytesTotal) : 0;
    return { progress: round(PLANNING_SHARE * read) };
  }
  const toStore = Math.max(1, job.rowsTotal - job.rowsRejected - job.rowsDuplicate);
  const stored = Math.min(toStore, job.rowsSoFar + Math.max(0, job.rowsHandedOn));
  const share = stored / toStore;
  const progress: Progress = { progress: round(PLANNING_SHARE + (1 - PLANNING_SHARE) * share) };
  const since = Date.parse(job.plannedAt);
  const elapsed = (now.getTime() - since) / 1000;
  if (stored > 0 && Number.isFinite(since) && elapsed > 0)
    progress.secondsLeft = Math.round(((toStore - stored) * elapsed) / stored);
  return progress;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
