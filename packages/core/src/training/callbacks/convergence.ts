import type { StopReason } from '../events.js';
import type { EpochEnd, StopRule } from './callback.js';

/** Stops when the epoch's training loss moved by less than `epsilon` from the previous epoch's. */
export class Convergence implements StopRule {
  constructor(private readonly epsilon: number | undefined) {}

  afterEpoch({ record, previous }: EpochEnd): StopReason | null {
    if (this.epsilon === undefined || !previous) return null;
    return Math.abs(previous.loss - record.loss) < this.epsilon ? 'converged' : null;
  }
}
