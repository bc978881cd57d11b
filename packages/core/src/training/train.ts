import * as tf from '@tensorflow/tfjs';
import { trainingConfigSchema, type TrainingConfig } from '../config/training.js';
import type { z } from 'zod';
import { CoreError } from '../errors.js';
import type { Trainable } from '../models/model.js';
import { createOptimizer, type Optimizer } from '../optimizers/optimizers.js';
import { batchTensors } from './batches.js';
import type { TrainCallback } from './callbacks/callback.js';
import { Checkpoints } from './callbacks/checkpoints.js';
import { Snapshots } from './callbacks/snapshots.js';
import { stopRules, type StopRules } from './callbacks/stop-rules.js';
import { checkTrainData, sampleSize, splitValidation, type TrainData } from './data.js';
import { evaluateLossAsync, lossReport, probeNames, type LossNames } from './evaluate.js';
import { endEvent, epochEvent, type EpochRecord, type StopReason, type TrainEvent } from './events.js';
import { TrainState, type TrainCheckpoint } from './state.js';

export { evaluateLoss, evaluateLossAsync } from './evaluate.js';
export type { TrainCheckpoint } from './state.js';

export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

export interface TrainOptions {
  /** Training settings; missing fields take the schema's defaults. */
  training?: TrainingConfigInput;
  /** Seeds shuffling, the validation split, DropConnect masks and noise. */
  seed?: number;
  /** Validation samples; when given, `training.validationFraction` is not used. */
  validation?: TrainData | null;
  /** Stops after the current step; the run ends with reason `aborted` (and a checkpoint, when onCheckpoint is set). */
  signal?: AbortSignal;
  onEvent?: (event: TrainEvent) => void | Promise<void>;
  /** Receives a checkpoint every `training.checkpointEvery` epochs, on abort and at the end. */
  onCheckpoint?: (checkpoint: TrainCheckpoint) => void | Promise<void>;
  /** Continue from a checkpoint of the same model, data, options and seed: the numbers match an uninterrupted run. */
  resume?: TrainCheckpoint;
  /** Label put on every event (stages of a stacked model). */
  stage?: string;
  /** Emit a step event every N steps (default 1). */
  stepEventEvery?: number;
  /** How many samples' codes a snapshot carries (default 256). */
  snapshotSamples?: number;
}

export interface TrainResult {
  reason: StopReason;
  epochs: number;
  steps: number;
  history: EpochRecord[];
  loss: number | null;
  valLoss: number | null;
  bestValLoss: number | null;
  elapsedMs: number;
}

const YIELD_EVERY_MS = 50;

const now = (): number => performance.now();
/**
 * Lets timers, I/O and messages (an abort from a worker's parent, Ctrl-C) run between steps. setImmediate where
 * there is one (Node): setTimeout(0) waits at least 1 ms, and a step yields about once per step.
 */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** The training and validation samples: the given validation set, or a seeded split of `data`. */
function splitData(model: Trainable, data: TrainData, options: TrainOptions, cfg: TrainingConfig, seed: number): { train: TrainData; validation: TrainData | null } {
  checkTrainData(data);
  if (model.supervised && !data.labels) throw new CoreError('INVALID_ARGUMENT', 'this model learns from labels, and the data has none');
  const validation = options.validation ?? null;
  if (validation) {
    checkTrainData(validation, 'validation data');
    return { train: data, validation };
  }
  return cfg.validationFraction > 0 ? splitValidation(data, cfg.validationFraction, seed) : { train: data, validation: null };
}

/**
 * One optimiser step on samples `order[start, start + size)`, all inside tf.tidy; returns the batch's loss vector
 * `[total, ...terms, ...metrics]` (the caller disposes it).
 */
function trainStep(
  model: Trainable,
  optimizer: Optimizer,
  data: TrainData,
  batch: { order: Int32Array; start: number; size: number; buffer: Float32Array },
  ctx: { training: true; rng: TrainState['noiseRng'] },
  names: LossNames,
  loss: TrainingConfig['loss'],
): tf.Tensor1D {
  const vars = model.trainableVariables();
  return tf.tidy(() => {
    const { x, labels } = batchTensors(data, batch.order, batch.start, batch.size, batch.buffer);
    let kept: tf.Scalar[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const r = model.lossTerms(labels ? { x, labels } : { x }, ctx, loss);
      kept = [...names.terms.map((n) => r.terms[n]!), ...names.metrics.map((n) => r.metrics![n]!)].map((t) => tf.keep(t));
      return r.total;
    }, vars);
    optimizer.applyGradients(vars, vars.map((v) => grads[v.name]));
    const vec = tf.stack([value, ...kept]) as tf.Tensor1D;
    tf.dispose(kept);
    return vec;
  });
}

/** One call of `train`: its fixed setup, its state and the callbacks around the loop. */
class TrainingRun {
  readonly cfg: TrainingConfig;
  readonly trainData: TrainData;
  readonly validation: TrainData | null;
  readonly names: LossNames;
  readonly batchSize: number;
  readonly stepsPerEpoch: number;
  readonly optimizer: Optimizer;
  readonly state: TrainState;
  readonly rules: StopRules;
  readonly checkpoints: Checkpoints;
  readonly stepCallbacks: TrainCallback[];
  readonly epochCallbacks: TrainCallback[];
  private readonly buffer: Float32Array;
  private readonly started = now();
  private lastYield = now();

  constructor(
    private readonly model: Trainable,
    data: TrainData,
    private readonly options: TrainOptions,
  ) {
    const cfg = trainingConfigSchema.parse(options.training ?? {});
    this.cfg = cfg;
    ({ train: this.trainData, validation: this.validation } = splitData(model, data, options, cfg, options.seed ?? 0));
    this.names = probeNames(model, this.trainData, cfg.loss);
    const width = 1 + this.names.terms.length + this.names.metrics.length;
    this.batchSize = Math.min(cfg.batchSize, this.trainData.count);
    this.stepsPerEpoch = Math.ceil(this.trainData.count / this.batchSize);
    this.buffer = new Float32Array(this.batchSize * sampleSize(this.trainData));
    this.optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
    const resume = options.resume;
    this.state = resume ? TrainState.resume(resume, cfg, width) : new TrainState(options.seed ?? 0, width);
    if (resume) {
      model.setWeights(resume.weights);
      this.optimizer.setState(resume.optimizer);
    }
    this.rules = stopRules(cfg, resume?.best ? { ...resume.best } : null);
    this.checkpoints = new Checkpoints({
      onCheckpoint: options.onCheckpoint,
      every: cfg.checkpointEvery,
      epochs: cfg.epochs,
      emit: this.emit,
      capture: this.capture,
    });
    this.stepCallbacks = cfg.snapshotEvery
      ? [new Snapshots(model, this.validation ?? this.trainData, cfg.snapshotEvery, options.snapshotSamples ?? 256, this.emit, this.clock)]
      : [];
    this.epochCallbacks = [...this.rules.all, this.checkpoints];
  }

  readonly emit = async (event: TrainEvent): Promise<void> => {
    if (this.options.stage !== undefined) event.stage = this.options.stage;
    if (this.options.onEvent) await this.options.onEvent(event);
  };

  readonly clock = (): { epoch: number; step: number; elapsedMs: number } => ({ epoch: this.state.epoch, step: this.state.step, elapsedMs: this.elapsed() });

  private readonly capture = async (): Promise<TrainCheckpoint> => {
    const { model, optimizer } = this;
    const weights = model.getWeightsAsync ? await model.getWeightsAsync() : model.getWeights();
    const parts = { weights, optimizer: await optimizer.getStateAsync(), best: this.rules.earlyStopping.best, elapsedMs: this.elapsed() };
    return this.state.checkpoint(parts, this.options.stage);
  };

  elapsed(): number {
    return this.state.elapsedBefore + (now() - this.started);
  }

  /** The loop: epochs until a limit, a stop rule or an abort; then the final checkpoint and the end event. */
  async run(): Promise<TrainResult> {
    const { state, cfg } = this;
    if (state.done) return this.result(state.done);
    await this.emit(this.startEvent());
    let reason: StopReason | null = null;
    while (reason === null && state.epoch < cfg.epochs) {
      reason = await this.epochSteps();
      if (reason === 'aborted' || state.epochSamples === 0) break;
      // A full epoch, or the partial one that maxSteps cut short.
      const partial = state.stepInEpoch < this.stepsPerEpoch;
      const record = await this.epochRecord();
      const previous = state.history.at(-1);
      state.history.push(record);
      const epochMs = state.epochElapsedMs;
      state.nextEpoch();
      await this.emit(epochEvent(record, epochMs, partial));
      if (partial) break;
      for (const cb of this.epochCallbacks) {
        const r: StopReason | null | void = await cb.afterEpoch?.({ record, previous, stopping: reason });
        if (reason === null && r) reason = r;
      }
    }
    const final: StopReason = reason ?? 'completed';
    if (final !== 'aborted') state.done = final;
    await this.checkpoints.save();
    const res = this.result(final);
    await this.emit(endEvent(final, { epoch: state.epoch, step: state.step, elapsedMs: res.elapsedMs }, state.history.at(-1), res.bestValLoss));
    return res;
  }

  /** The current epoch's remaining steps; returns why it stopped short (abort, maxSteps), null when it ran out. */
  private async epochSteps(): Promise<StopReason | null> {
    const { state, cfg, trainData, names } = this;
    // The epoch's order is drawn from the generator state at its start, so a mid-epoch resume redraws it.
    state.epochShuffleState = state.shuffleRng.state();
    const order = cfg.shuffle ? state.shuffleRng.permutation(trainData.count) : Int32Array.from({ length: trainData.count }, (_, i) => i);
    const epochStart = now() - state.epochElapsedMs;
    // Sums stay on the device between reads, so a step needs no synchronisation unless it reports.
    let sums: tf.Tensor = tf.tensor1d(Array.from(state.epochSums), 'float32');
    let reason: StopReason | null = null;
    while (state.stepInEpoch < this.stepsPerEpoch) {
      if (this.options.signal?.aborted) {
        reason = 'aborted';
        break;
      }
      if (this.rules.maxSteps.reached(state.step)) {
        reason = 'max-steps';
        break;
      }
      const start = state.stepInEpoch * this.batchSize;
      const size = Math.min(this.batchSize, trainData.count - start);
      const batch = { order, start, size, buffer: this.buffer };
      const lossVec = trainStep(this.model, this.optimizer, trainData, batch, { training: true, rng: state.noiseRng }, names, cfg.loss);
      const nextSums = tf.tidy(() => tf.add(sums, tf.mul(lossVec, size)));
      sums.dispose();
      sums = nextSums;
      state.epochSamples += size;
      state.stepInEpoch += 1;
      state.step += 1;

      const every = this.options.stepEventEvery ?? 1;
      if (every > 0 && state.step % every === 0) {
        const report = lossReport(await lossVec.data(), 1, names, cfg.loss);
        const secs = (now() - epochStart) / 1000;
        await this.emit({ type: 'step', ...this.clock(), ...report, samplesPerSecond: secs > 0 ? state.epochSamples / secs : 0 });
      }
      lossVec.dispose();
      for (const cb of this.stepCallbacks) await cb.afterStep?.(state.step);
      if (now() - this.lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        this.lastYield = now();
      }
    }
    state.epochSums.set(await sums.data());
    sums.dispose();
    state.epochElapsedMs = now() - epochStart;
    return reason;
  }

  /** The finished epoch's record: means of its training batches, and the validation set's numbers. */
  private async epochRecord(): Promise<EpochRecord> {
    const { state, cfg, names, validation } = this;
    const record: EpochRecord = {
      epoch: state.epoch + 1,
      step: state.step,
      ...lossReport(state.epochSums, state.epochSamples, names, cfg.loss),
      elapsedMs: this.elapsed(),
      samplesPerSecond: state.epochElapsedMs > 0 ? state.epochSamples / (state.epochElapsedMs / 1000) : 0,
    };
    if (validation) {
      const val = await evaluateLossAsync(this.model, validation, cfg.loss, names);
      record.valLoss = val.loss;
      record.valTerms = val.terms;
      record.valMetrics = val.metrics;
    }
    return record;
  }

  private startEvent(): TrainEvent {
    return {
      type: 'start',
      ...this.clock(),
      epochs: this.cfg.epochs,
      stepsPerEpoch: this.stepsPerEpoch,
      batchSize: this.batchSize,
      trainCount: this.trainData.count,
      validationCount: this.validation?.count ?? 0,
      resumed: this.options.resume !== undefined,
    };
  }

  private result(reason: StopReason): TrainResult {
    const { state } = this;
    const last = state.history.at(-1);
    const best = this.rules.earlyStopping.best;
    return {
      reason,
      epochs: state.epoch,
      steps: state.step,
      history: state.history,
      loss: last?.loss ?? null,
      valLoss: last?.valLoss ?? null,
      bestValLoss: this.validation && best ? best.value : null,
      elapsedMs: this.elapsed(),
    };
  }
}

/**
 * Trains `model` on `data` with seeded mini-batch epochs. Every step runs inside tf.tidy; the loop yields to the
 * event loop regularly so an AbortSignal (Ctrl-C, a server cancel, a UI button) can stop it between steps. What
 * happens between epochs (stop rules, checkpoints) and after steps (snapshots) lives in `./callbacks`.
 */
export async function train(model: Trainable, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  const run = new TrainingRun(model, data, options);
  try {
    return await run.run();
  } finally {
    run.optimizer.dispose();
  }
}
