import type { StopReason, TrainEvent } from '../events.js';
import type { TrainCheckpoint } from '../state.js';
import type { EpochEnd, TrainCallback } from './callback.js';

export interface CheckpointsOptions {
  /** Receives the checkpoints; without it nothing is captured (weights are not read for nobody). */
  onCheckpoint: ((checkpoint: TrainCheckpoint) => void | Promise<void>) | undefined;
  /** Epochs between periodic checkpoints. */
  every: number;
  /** The run's epoch limit: the last epoch gets the final checkpoint instead of a periodic one. */
  epochs: number;
  capture: () => Promise<TrainCheckpoint>;
  emit: (event: TrainEvent) => Promise<void>;
}

/** Hands a checkpoint over every `every` epochs (and, through `save`, on abort and at the end), then reports it. */
export class Checkpoints implements TrainCallback {
  constructor(private readonly options: CheckpointsOptions) {}

  async afterEpoch({ record, stopping }: EpochEnd): Promise<StopReason | null> {
    const { every, epochs } = this.options;
    if (stopping === null && record.epoch % every === 0 && record.epoch < epochs) await this.save();
    return null;
  }

  async save(): Promise<void> {
    const { onCheckpoint, capture, emit } = this.options;
    if (!onCheckpoint) return;
    const cp = await capture();
    await onCheckpoint(cp);
    await emit({ type: 'checkpoint', epoch: cp.epoch, step: cp.step, elapsedMs: cp.elapsedMs });
  }
}
