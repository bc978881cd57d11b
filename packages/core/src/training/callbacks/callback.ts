import type { EpochRecord, StopReason } from '../events.js';

/** What a callback sees after a completed epoch. */
export interface EpochEnd {
  /** The epoch just finished (its `epoch` is the number of completed epochs). */
  record: EpochRecord;
  /** The epoch before it, if any. */
  previous: EpochRecord | undefined;
  /** The reason an earlier callback of this epoch gave to stop, or null. */
  stopping: StopReason | null;
}

/**
 * A rule that may end a run after an epoch. Stop rules are plain synchronous TypeScript that look only at epoch
 * records, so the tfjs trainer and the lite trainer run the very same ones.
 */
export interface StopRule {
  afterEpoch(end: EpochEnd): StopReason | null;
}

/** A hook of the tfjs training loop: it may stop the run after an epoch, and may wait (to save, to report). */
export interface TrainCallback {
  afterStep?(step: number): void | Promise<void>;
  afterEpoch?(end: EpochEnd): StopReason | null | void | Promise<StopReason | null | void>;
}

/**
 * Runs every rule in order (so each keeps its state up to date) and returns the first reason given. Synchronous,
 * for the lite trainer; the tfjs loop awaits its callbacks one by one with the same precedence.
 */
export function firstStop(rules: readonly StopRule[], record: EpochRecord, previous: EpochRecord | undefined): StopReason | null {
  let stopping: StopReason | null = null;
  for (const rule of rules) {
    const reason = rule.afterEpoch({ record, previous, stopping });
    if (stopping === null && reason) stopping = reason;
  }
  return stopping;
}
