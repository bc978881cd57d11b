import type { TrainingConfig } from '../config/training.js';
import { CoreError } from '../errors.js';
import { Rng } from '../layers/random.js';
import { firstStop } from '../training/callbacks/callback.js';
import { stopRules, type StopRules } from '../training/callbacks/stop-rules.js';
import { endEvent, epochEvent, type EpochRecord, type LossReport, type StopReason, type TrainEvent } from '../training/events.js';
import { LiteNet, type LiteNetSpec, type LitePenalty } from './net.js';
import { LiteOptimizer, type LiteOptimizerConfig } from './optimizers.js';
import { exportLiteWeights, importLiteWeights, type LiteWeights } from './weights.js';

/** Samples stored row-major: `count` rows of `dim` features. */
export interface LiteDataset {
  x: Float32Array | Float64Array;
  count: number;
  dim: number;
}

/** Plain data (it crosses a worker boundary); the stopping settings mean what a training config's mean. */
export interface LiteTrainerOptions {
  net: LiteNetSpec;
  /** Index into `net.layers` of the code layer (what `encode` returns). */
  codeLayer: number;
  optimizer: LiteOptimizerConfig;
  learningRate: number;
  batchSize: number;
  /** Seeds the initial weights and the shuffling: the same streams as the tfjs trainer's. */
  seed: number;
  shuffle?: boolean;
  maxEpochs?: number;
  maxSteps?: number;
  /** Stop when the epoch's training loss changes by less than this from the previous epoch's. */
  convergenceEpsilon?: number;
  earlyStopping?: TrainingConfig['earlyStopping'];
  /** Emit a step event every N steps (default 0: none, as steps come by the thousand per second). */
  stepEventEvery?: number;
  /** Penalties as a run config's `model.regularization` (activity terms on the code layer); none by default. */
  regularization?: LiteRegularization;
  /** Training-only input noise (a denoising autoencoder; the clean input stays the target), from the 'noise' stream. */
  corruption?: { type: 'gaussian'; sigma: number };
}

export interface LiteRegularization {
  l1Weights?: number;
  l2Weights?: number;
  l1Activity?: number;
  l2Activity?: number;
}

/** The penalty terms a loss report lists, in this order. */
const PENALTY_TERMS = ['l1Activity', 'l2Activity', 'l1Weights', 'l2Weights'] as const;
type PenaltyTerm = (typeof PENALTY_TERMS)[number];

export type LiteLimits = Pick<LiteTrainerOptions, 'maxEpochs' | 'maxSteps' | 'convergenceEpsilon' | 'earlyStopping'>;

const now = (): number => performance.now();

/**
 * An MSE and penalty terms as a loss report: the tfjs trainer's terms and metrics for a dense autoencoder with the
 * mse loss (the loss is their sum; RMSE is of the reconstruction alone; a term is listed only when its weight is set).
 */
function mseReport(mse: number, penalties: Partial<Record<PenaltyTerm, number>> = {}): LossReport {
  const terms: Record<string, number> = { reconstruction: mse };
  let loss = mse;
  for (const k of PENALTY_TERMS) {
    const v = penalties[k];
    if (v === undefined) continue;
    terms[k] = v;
    loss += v;
  }
  return { loss, terms, metrics: { rmse: Math.sqrt(mse) } };
}

/**
 * Trains a LiteNet as an autoencoder (mean squared reconstruction error) one minibatch at a time, so a caller
 * (a Web Worker, a benchmark) decides how many updates to run between looking at the state. It keeps the tfjs
 * trainer's contract: the same epoch records, events and stop reasons, the same stop rules, and the same seeded
 * streams for initial weights and batch order.
 */
export class LiteTrainer {
  net: LiteNet;
  readonly optimizer: LiteOptimizer;
  /** One record per finished epoch. A caller streaming them elsewhere may splice them out as it goes. */
  readonly history: EpochRecord[] = [];
  readonly codeLayer: number;
  steps = 0;
  /** Completed epochs. */
  epoch = 0;
  stopReason: StopReason | null = null;
  /** Receives the run's events (start, step when asked for, epoch, end); called synchronously. */
  onEvent: ((event: TrainEvent) => void) | null = null;
  private options: LiteTrainerOptions;
  private rules: StopRules;
  private readonly shuffleRng: Rng;
  private order: Int32Array;
  private cursor = 0;
  private epochLossSum = 0;
  private readonly epochTermSums: Record<PenaltyTerm, number> = { l1Activity: 0, l2Activity: 0, l1Weights: 0, l2Weights: 0 };
  private readonly penalty: LitePenalty | undefined;
  private readonly noiseRng: Rng;
  private previous: EpochRecord | undefined;
  private started: number | null = null;
  private epochStarted = 0;

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
    this.rules = stopRules(this.options);
    this.shuffleRng = new Rng(options.seed, 'shuffle');
    this.noiseRng = new Rng(options.seed, 'noise');
    this.penalty = penaltyOf(options);
    checkCorruption(options.corruption);
    this.order = this.drawOrder();
  }

  /** The penalty terms that are switched on (the ones a loss report lists). */
  private activeTerms(): PenaltyTerm[] {
    const r = this.options.regularization ?? {};
    return PENALTY_TERMS.filter((k) => (r[k] ?? 0) > 0);
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

  /** Changes the stopping rules; a trainer stopped by a rule that no longer holds may go on (a diverged one may not). */
  setLimits(limits: LiteLimits): void {
    this.options = { ...this.options, ...limits };
    this.rules = stopRules(this.options, this.rules.earlyStopping.best);
    if (this.stopReason !== 'diverged') this.stopReason = null;
    this.checkLimits();
  }

  /** One optimiser update on the next minibatch. Returns the batch's MSE (before the update), NaN when stopped. */
  step(): number {
    if (this.stopReason) return NaN;
    if (this.started === null) this.start();
    const n = this.train.count;
    const count = Math.min(this.options.batchSize, n - this.cursor);
    const net = this.net;
    net.load(this.train.x, count, this.order, this.cursor);
    const sigma = this.options.corruption?.sigma ?? 0;
    const target = sigma > 0 ? net.addInputNoise(count, sigma, () => this.noiseRng.normal()) : null;
    net.forward(count);
    const loss = target ? net.backward(count, target, this.penalty) : net.backwardReconstruction(count, this.penalty);
    this.optimizer.step(net.params, net.grads);
    this.steps += 1;
    this.cursor += count;
    this.epochLossSum += loss * count;
    // Weight terms are per batch (as Keras adds a kernel regulariser's value to each batch's loss), activity terms per digit.
    for (const k of PENALTY_TERMS) this.epochTermSums[k] += net.terms[k] * count;
    const every = this.options.stepEventEvery ?? 0;
    if (every > 0 && this.steps % every === 0) this.emitStep(loss);
    // A non-finite batch loss ends the run at once: the next steps would only spread it.
    if (!Number.isFinite(loss)) this.stop('diverged');
    else if (this.cursor >= n) this.finishEpoch();
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

  /** The batch order of the next epoch: a fresh permutation from the 'shuffle' stream, as the tfjs trainer draws it. */
  private drawOrder(): Int32Array {
    const n = this.train.count;
    return this.options.shuffle !== false ? this.shuffleRng.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  }

  private elapsed(): number {
    return this.started === null ? 0 : now() - this.started;
  }

  private emit(event: TrainEvent): void {
    this.onEvent?.(event);
  }

  private start(): void {
    this.started = now();
    this.epochStarted = this.started;
    const batchSize = Math.min(this.options.batchSize, this.train.count);
    this.emit({
      type: 'start',
      epoch: this.epoch,
      step: this.steps,
      elapsedMs: 0,
      epochs: this.options.maxEpochs ?? Number.MAX_SAFE_INTEGER,
      stepsPerEpoch: Math.ceil(this.train.count / batchSize),
      batchSize,
      trainCount: this.train.count,
      validationCount: this.validation?.count ?? 0,
      resumed: false,
    });
  }

  private emitStep(loss: number): void {
    const secs = (now() - this.epochStarted) / 1000;
    const terms = Object.fromEntries(this.activeTerms().map((k) => [k, this.net.terms[k]]));
    this.emit({ type: 'step', epoch: this.epoch, step: this.steps, elapsedMs: this.elapsed(), ...mseReport(loss, terms), samplesPerSecond: secs > 0 ? this.cursor / secs : 0 });
  }

  private finishEpoch(): void {
    const n = this.train.count;
    const epochMs = now() - this.epochStarted;
    const record: EpochRecord = {
      epoch: this.epoch + 1,
      step: this.steps,
      ...mseReport(this.epochLossSum / n, Object.fromEntries(this.activeTerms().map((k) => [k, this.epochTermSums[k] / n]))),
      elapsedMs: this.elapsed(),
      samplesPerSecond: epochMs > 0 ? n / (epochMs / 1000) : 0,
    };
    if (this.validation && this.validation.count > 0) {
      const val = this.validationReport(this.validation);
      record.valLoss = val.loss;
      record.valTerms = val.terms;
      record.valMetrics = val.metrics;
    }
    this.epoch += 1;
    this.history.push(record);
    this.emit(epochEvent(record, epochMs));
    const reason = firstStop(this.rules.all, record, this.previous);
    this.previous = record;
    this.cursor = 0;
    this.epochLossSum = 0;
    for (const k of PENALTY_TERMS) this.epochTermSums[k] = 0;
    this.epochStarted = now();
    this.order = this.drawOrder();
    if (reason) this.stop(reason);
  }

  /** The validation loss as the tfjs trainer computes it: inference mode (no noise), penalties included. */
  private validationReport(data: LiteDataset): LossReport {
    const active = this.activeTerms();
    if (active.length === 0) return mseReport(this.net.reconstructionMse(data.x, data.count));
    const r = this.options.regularization ?? {};
    const e = this.net.evaluate(data.x, data.count, this.codeLayer);
    const w = active.some((k) => k.endsWith('Weights')) ? this.net.kernelSums() : { l1: 0, l2: 0 };
    const value: Record<PenaltyTerm, number> = {
      l1Activity: (r.l1Activity ?? 0) * e.l1,
      l2Activity: (r.l2Activity ?? 0) * e.l2,
      l1Weights: (r.l1Weights ?? 0) * w.l1,
      l2Weights: (r.l2Weights ?? 0) * w.l2,
    };
    return mseReport(e.mse, Object.fromEntries(active.map((k) => [k, value[k]])));
  }

  private checkLimits(): void {
    if (this.stopReason) return;
    if (this.options.maxEpochs !== undefined && this.epoch >= this.options.maxEpochs) this.stop('completed');
    else if (this.rules.maxSteps.reached(this.steps)) this.stop('max-steps');
  }

  private stop(reason: StopReason): void {
    this.stopReason = reason;
    const best = this.validation && this.rules.earlyStopping.best ? this.rules.earlyStopping.best.value : null;
    this.emit(endEvent(reason, { epoch: this.epoch, step: this.steps, elapsedMs: this.elapsed() }, this.previous, best));
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

/** The net's penalty for these options, or undefined when every weight is 0 (the plain, fastest path). */
function penaltyOf(options: LiteTrainerOptions): LitePenalty | undefined {
  const r = options.regularization ?? {};
  for (const k of PENALTY_TERMS) {
    const v = r[k] ?? 0;
    if (!(v >= 0) || !Number.isFinite(v)) throw new CoreError('INVALID_ARGUMENT', `lite trainer: regularization.${k} must be a number >= 0, got ${v}`);
  }
  if (PENALTY_TERMS.every((k) => !r[k])) return undefined;
  return { codeLayer: options.codeLayer, ...r };
}

function checkCorruption(c: LiteTrainerOptions['corruption']): void {
  if (c && (c.type !== 'gaussian' || !(c.sigma >= 0) || !Number.isFinite(c.sigma))) {
    throw new CoreError('INVALID_ARGUMENT', `lite trainer: corruption must be gaussian with a sigma >= 0, got ${JSON.stringify(c)}`);
  }
}

function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new CoreError('INVALID_ARGUMENT', `lite trainer: batch size must be a positive integer, got ${batchSize}`);
  }
}
