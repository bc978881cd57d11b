import { CoreError } from '../errors.js';
import { LiteNet, type LiteNetSpec } from './net.js';
import { LiteOptimizer, type LiteOptimizerConfig } from './optimizers.js';
import { createRng, shuffleInPlace, type LiteRng } from './rng.js';
import { exportLiteWeights, importLiteWeights, type LiteWeights } from './weights.js';

/** Samples stored row-major: `count` rows of `dim` features. */
export interface LiteDataset {
  x: Float32Array | Float64Array;
  count: number;
  dim: number;
}

export interface LiteTrainerOptions {
  net: LiteNetSpec;
  /** Index into `net.layers` of the code layer (what `encode` returns). */
  codeLayer: number;
  optimizer: LiteOptimizerConfig;
  learningRate: number;
  batchSize: number;
  /** Seeds the initial weights and the shuffling. */
  seed: number;
  shuffle?: boolean;
  maxEpochs?: number;
  maxSteps?: number;
  /** Stop when the epoch's training MSE changes by less than this from the previous epoch's. */
  convergenceEpsilon?: number;
}

export type LiteStopReason = 'converged' | 'maxEpochs' | 'maxSteps' | 'diverged';

export interface LiteEpochRecord {
  epoch: number;
  step: number;
  /** RMSE over the epoch's batches (each measured before its update), as tfjs's fit reports it. */
  trainRmse: number;
  /** RMSE of the validation set at the epoch's end; null without one. */
  valRmse: number | null;
}

/**
 * Trains a LiteNet as an autoencoder (mean squared reconstruction error) one minibatch at a time, so a caller
 * (a Web Worker, a benchmark) decides how many updates to run between looking at the state.
 */
export class LiteTrainer {
  net: LiteNet;
  readonly optimizer: LiteOptimizer;
  /** One record per finished epoch. A caller streaming them elsewhere may splice them out as it goes. */
  readonly history: LiteEpochRecord[] = [];
  readonly codeLayer: number;
  steps = 0;
  /** Completed epochs. */
  epoch = 0;
  stopReason: LiteStopReason | null = null;

  private options: LiteTrainerOptions;
  private readonly rng: LiteRng;
  private readonly order: Uint32Array;
  private cursor = 0;
  private epochLossSum = 0;
  private previousEpochMse: number | null = null;

  constructor(
    options: LiteTrainerOptions,
    readonly train: LiteDataset,
    readonly validation: LiteDataset | null = null,
  ) {
    checkDataset(train, options.net.inputSize, 'training');
    if (validation) checkDataset(validation, options.net.inputSize, 'validation');
    if (train.count === 0) throw new CoreError('INVALID_ARGUMENT', 'lite trainer: the training set is empty');
    checkBatchSize(options.batchSize);
    if (!Number.isInteger(options.codeLayer) || options.codeLayer < 0 || options.codeLayer >= options.net.layers.length) {
      throw new CoreError('INVALID_ARGUMENT', `lite trainer: code layer ${options.codeLayer} is not one of the ${options.net.layers.length} layers`);
    }
    this.options = { ...options };
    this.codeLayer = options.codeLayer;
    this.net = new LiteNet(options.net, { seed: options.seed, capacity: Math.max(options.batchSize, 256) });
    this.optimizer = new LiteOptimizer(options.optimizer, options.learningRate, this.net.size);
    // Shuffling draws from its own stream so changing the initialiser does not change the batch order.
    this.rng = createRng(options.seed + 1);
    this.order = new Uint32Array(train.count);
    for (let i = 0; i < train.count; i++) this.order[i] = i;
    if (this.options.shuffle !== false) shuffleInPlace(this.order, this.rng);
  }

  get batchSize(): number {
    return this.options.batchSize;
  }

  get stopped(): boolean {
    return this.stopReason !== null;
  }

  /** Takes effect from the next step; the optimiser keeps its state. */
  setLearningRate(learningRate: number): void {
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new CoreError('INVALID_ARGUMENT', `lite trainer: learning rate must be a positive number, got ${learningRate}`);
    }
    this.optimizer.learningRate = learningRate;
    this.options.learningRate = learningRate;
  }

  setOptimizer(config: LiteOptimizerConfig): void {
    this.optimizer.configure(config);
    this.options.optimizer = config;
  }

  /** Takes effect from the next batch. */
  setBatchSize(batchSize: number): void {
    checkBatchSize(batchSize);
    if (batchSize > this.net.capacity) {
      const bigger = new LiteNet(this.options.net, { seed: this.options.seed, capacity: batchSize });
      bigger.params.set(this.net.params);
      this.net = bigger;
    }
    this.options.batchSize = batchSize;
  }

  /** Changes the stopping rules; a trainer stopped by a rule that no longer holds may go on. */
  setLimits(limits: { maxEpochs?: number; maxSteps?: number; convergenceEpsilon?: number }): void {
    this.options.maxEpochs = limits.maxEpochs;
    this.options.maxSteps = limits.maxSteps;
    this.options.convergenceEpsilon = limits.convergenceEpsilon;
    if (this.stopReason !== 'diverged') this.stopReason = null;
    this.checkLimits();
  }

  /** One optimiser update on the next minibatch. Returns the batch's MSE (before the update), NaN when stopped. */
  step(): number {
    if (this.stopReason) return NaN;
    const n = this.train.count;
    const count = Math.min(this.options.batchSize, n - this.cursor);
    this.net.load(this.train.x, count, this.order, this.cursor);
    this.net.forward(count);
    const loss = this.net.backwardReconstruction(count);
    this.optimizer.step(this.net.params, this.net.grads);
    this.steps += 1;
    this.cursor += count;
    this.epochLossSum += loss * count;
    if (!Number.isFinite(loss)) {
      this.stopReason = 'diverged';
      return loss;
    }
    if (this.cursor >= n) this.finishEpoch();
    this.checkLimits();
    return loss;
  }

  /** Runs up to `maxUpdates` steps (fewer when a stopping rule fires); returns how many ran. */
  run(maxUpdates: number): number {
    let done = 0;
    while (done < maxUpdates && !this.stopReason) {
      this.step();
      done += 1;
    }
    return done;
  }

  /** Code-layer outputs (row-major, codeUnits wide) for the given samples. */
  encode(data: LiteDataset, out?: Float32Array): Float32Array {
    return this.net.predict(data.x, data.count, this.codeLayer, out);
  }

  reconstruct(data: LiteDataset, out?: Float32Array): Float32Array {
    return this.net.predict(data.x, data.count, this.net.layers.length - 1, out);
  }

  rmse(data: LiteDataset): number {
    return Math.sqrt(this.net.reconstructionMse(data.x, data.count));
  }

  exportWeights(): LiteWeights {
    return exportLiteWeights(this.net);
  }

  /** Replaces every parameter (shapes must match); the optimiser state is kept. */
  importWeights(weights: LiteWeights): void {
    importLiteWeights(this.net, weights);
  }

  private finishEpoch(): void {
    const n = this.train.count;
    const mse = this.epochLossSum / n;
    this.epoch += 1;
    this.history.push({
      epoch: this.epoch,
      step: this.steps,
      trainRmse: Math.sqrt(mse),
      valRmse: this.validation && this.validation.count > 0 ? this.rmse(this.validation) : null,
    });
    const eps = this.options.convergenceEpsilon;
    if (eps !== undefined && this.previousEpochMse !== null && Math.abs(this.previousEpochMse - mse) < eps) {
      this.stopReason = 'converged';
    }
    this.previousEpochMse = mse;
    this.cursor = 0;
    this.epochLossSum = 0;
    if (this.options.shuffle !== false) shuffleInPlace(this.order, this.rng);
  }

  private checkLimits(): void {
    if (this.stopReason) return;
    const { maxEpochs, maxSteps } = this.options;
    if (maxEpochs !== undefined && this.epoch >= maxEpochs) this.stopReason = 'maxEpochs';
    else if (maxSteps !== undefined && this.steps >= maxSteps) this.stopReason = 'maxSteps';
  }
}

function checkDataset(data: LiteDataset, inputSize: number, what: string): void {
  if (data.dim !== inputSize) {
    throw new CoreError('SHAPE_MISMATCH', `lite trainer: the ${what} set has ${data.dim} features but the net takes ${inputSize}`);
  }
  if (data.x.length < data.count * data.dim) {
    throw new CoreError('SHAPE_MISMATCH', `lite trainer: the ${what} set holds ${data.x.length} values, fewer than ${data.count} x ${data.dim}`);
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CoreError('INVALID_ARGUMENT', `lite trainer: batch size must be a positive integer, got ${batchSize}`);
  }
}
