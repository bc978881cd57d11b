import type { StopReason } from '../events.js';
import type { EpochEnd, StopRule } from './callback.js';

/** Stops when the epoch's training loss is no longer a finite number: more epochs cannot bring it back. */
export class Divergence implements StopRule {
  afterEpoch({ record }: EpochEnd): StopReason | null {
    return Number.isFinite(record.loss) ? null : 'diverged';
  }
}
