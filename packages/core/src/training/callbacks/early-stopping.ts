import type { TrainingConfig } from '../../config/training.js';
import type { StopReason } from '../events.js';
import type { EpochEnd, StopRule } from './callback.js';

/** The best monitored loss so far and the epochs since it improved (a checkpoint keeps it as it is). */
export interface BestLoss {
  value: number;
  wait: number;
}

/**
 * Tracks the best monitored loss (the validation loss, else the training loss) and, when configured, stops once it
 * has not improved by `minDelta` for `patience` epochs. Without early stopping it still tracks the best value:
 * a run reports it as `bestValLoss`.
 */
export class EarlyStopping implements StopRule {
  constructor(
    private readonly config: TrainingConfig['earlyStopping'],
    public best: BestLoss | null = null,
  ) {}

  afterEpoch({ record }: EpochEnd): StopReason | null {
    const monitored = record.valLoss ?? record.loss;
    if (this.config) {
      if (this.best === null || monitored < this.best.value - this.config.minDelta) this.best = { value: monitored, wait: 0 };
      else this.best.wait += 1;
      return this.best.wait >= this.config.patience ? 'early-stopping' : null;
    }
    if (this.best === null || monitored < this.best.value) this.best = { value: monitored, wait: 0 };
    return null;
  }
}
