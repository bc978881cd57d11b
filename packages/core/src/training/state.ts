import type { TrainingConfig } from '../config/training.js';
import { CoreError } from '../errors.js';
import { Rng, type RngState } from '../layers/random.js';
import type { BestLoss } from './callbacks/early-stopping.js';
import type { EpochRecord, StopReason } from './events.js';
import type { SavedArray } from '../optimizers/optimizers.js';

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainCheckpoint {
  version: 1;
  stage?: string;
  /** Completed epochs. */
  epoch: number;
  /** Steps done inside the current (unfinished) epoch. */
  stepInEpoch: number;
  step: number;
  /** Generator state at the start of the current epoch (its shuffle order is redrawn from it). */
  shuffleRng: RngState;
  noiseRng: RngState;
  /** Running sums of the current epoch: [total, ...terms, ...metrics] times samples, and the sample count. */
  epochSums: number[];
  epochSamples: number;
  epochElapsedMs: number;
  history: EpochRecord[];
  best: BestLoss | null;
  elapsedMs: number;
  done: StopReason | null;
  weights: SavedArray[];
  optimizer: SavedArray[];
}

/** Where a tfjs training run stands between steps: what a checkpoint holds, apart from weights and the best loss. */
export class TrainState {
  epoch = 0;
  stepInEpoch = 0;
  step = 0;
  shuffleRng: Rng;
  noiseRng: Rng;
  /** The shuffle generator's state at the start of the current epoch: its order is redrawn from it on resume. */
  epochShuffleState: RngState;
  epochSums: Float64Array;
  epochSamples = 0;
  epochElapsedMs = 0;
  history: EpochRecord[] = [];
  /** Training time spent before a resume. */
  elapsedBefore = 0;
  done: StopReason | null = null;

  /**
   * A fresh run's state. The 'shuffle' and 'noise' streams of `seed` are part of the training contract: the lite
   * trainer draws its batch order from the same 'shuffle' stream.
   */
  constructor(seed: number, width: number) {
    this.shuffleRng = new Rng(seed, 'shuffle');
    this.noiseRng = new Rng(seed, 'noise');
    this.epochShuffleState = this.shuffleRng.state();
    this.epochSums = new Float64Array(width);
  }

  /** The state a checkpoint describes; a finished run goes on when the limit that ended it was raised. */
  static resume(cp: TrainCheckpoint, cfg: Pick<TrainingConfig, 'epochs' | 'maxSteps'>, width: number): TrainState {
    if (cp.version !== 1) throw new CoreError('MODEL_FORMAT', `unsupported checkpoint version ${String(cp.version)}`);
    const s = new TrainState(0, width);
    s.epoch = cp.epoch;
    s.stepInEpoch = cp.stepInEpoch;
    s.step = cp.step;
    s.shuffleRng = new Rng(cp.shuffleRng);
    s.noiseRng = new Rng(cp.noiseRng);
    s.epochShuffleState = s.shuffleRng.state();
    if (cp.epochSums.length === width) s.epochSums = Float64Array.from(cp.epochSums);
    s.epochSamples = cp.epochSamples;
    s.epochElapsedMs = cp.epochElapsedMs;
    s.history = structuredClone(cp.history);
    s.elapsedBefore = cp.elapsedMs;
    s.done = cp.done;
    if (s.done === 'completed' && s.epoch < cfg.epochs) s.done = null;
    if (s.done === 'max-steps' && (cfg.maxSteps === undefined || s.step < cfg.maxSteps)) s.done = null;
    return s;
  }

  /** Moves to the next epoch after one finished: its sums start from zero. */
  nextEpoch(): void {
    this.epoch += 1;
    this.epochShuffleState = this.shuffleRng.state();
    this.stepInEpoch = 0;
    this.epochSums = new Float64Array(this.epochSums.length);
    this.epochSamples = 0;
    this.epochElapsedMs = 0;
  }

  /** The checkpoint of this state with the given weights, optimiser slots, best loss and elapsed time. */
  checkpoint(parts: Pick<TrainCheckpoint, 'weights' | 'optimizer' | 'best' | 'elapsedMs'>, stage: string | undefined): TrainCheckpoint {
    const cp: TrainCheckpoint = {
      version: 1,
      epoch: this.epoch,
      stepInEpoch: this.stepInEpoch,
      step: this.step,
      shuffleRng: this.epochShuffleState,
      noiseRng: this.noiseRng.state(),
      epochSums: Array.from(this.epochSums),
      epochSamples: this.epochSamples,
      epochElapsedMs: this.epochElapsedMs,
      history: structuredClone(this.history),
      best: parts.best ? { ...parts.best } : null,
      elapsedMs: parts.elapsedMs,
      done: this.done,
      weights: parts.weights,
      optimizer: parts.optimizer,
    };
    if (stage !== undefined) cp.stage = stage;
    return cp;
  }
}
