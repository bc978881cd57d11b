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
import { stopRules } from './callbacks/stop-rules.js';
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

/**
 * Trains `model` on `data` with seeded mini-batch epochs. Every step runs inside tf.tidy; the loop yields to the
 * event loop regularly so an AbortSignal (Ctrl-C, a server cancel, a UI button) can stop it between steps. What
 * happens between epochs (stop rules, checkpoints) and steps (snapshots) lives in `./callbacks`.
 */
export async function train(model: Trainable, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  const cfg = trainingConfigSchema.parse(options.training ?? {});
  const { train: trainData, validation } = splitData(model, data, options, cfg, options.seed ?? 0);
  const stage = options.stage;
  const emit = async (event: TrainEvent): Promise<void> => {
    if (stage !== undefined) event.stage = stage;
    if (options.onEvent) await options.onEvent(event);
  };
  const names = probeNames(model, trainData, cfg.loss);
  const width = 1 + names.terms.length + names.metrics.length;
  const batchSize = Math.min(cfg.batchSize, trainData.count);
  const stepsPerEpoch = Math.ceil(trainData.count / batchSize);
  const optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
  const buffer = new Float32Array(batchSize * sampleSize(trainData));

  const resume = options.resume;
  const state = resume ? TrainState.resume(resume, cfg, width) : new TrainState(options.seed ?? 0, width);
  if (resume) {
    model.setWeights(resume.weights);
    optimizer.setState(resume.optimizer);
  }
  const rules = stopRules(cfg, resume?.best ? { ...resume.best } : null);
  const started = now();
  const elapsed = (): number => state.elapsedBefore + (now() - started);
  const clock = (): { epoch: number; step: number; elapsedMs: number } => ({ epoch: state.epoch, step: state.step, elapsedMs: elapsed() });
  const checkpoints = new Checkpoints({
    onCheckpoint: options.onCheckpoint,
    every: cfg.checkpointEvery,
    epochs: cfg.epochs,
    emit,
    capture: async () =>
      state.checkpoint(
        {
          weights: model.getWeightsAsync ? await model.getWeightsAsync() : model.getWeights(),
          optimizer: await optimizer.getStateAsync(),
          best: rules.earlyStopping.best,
          elapsedMs: elapsed(),
        },
        stage,
      ),
  });
  const stepCallbacks: TrainCallback[] = cfg.snapshotEvery
    ? [new Snapshots(model, validation ?? trainData, cfg.snapshotEvery, options.snapshotSamples ?? 256, emit, clock)]
    : [];
  const epochCallbacks: TrainCallback[] = [...rules.all, checkpoints];
  const result = (reason: StopReason): TrainResult => {
    const last = state.history.at(-1);
    return {
      reason,
      epochs: state.epoch,
      steps: state.step,
      history: state.history,
      loss: last?.loss ?? null,
      valLoss: last?.valLoss ?? null,
      bestValLoss: validation && rules.earlyStopping.best ? rules.earlyStopping.best.value : null,
      elapsedMs: elapsed(),
    };
  };

  try {
    if (state.done) return result(state.done);
    await emit({
      type: 'start',
      ...clock(),
      epochs: cfg.epochs,
      stepsPerEpoch,
      batchSize,
      trainCount: trainData.count,
      validationCount: validation?.count ?? 0,
      resumed: resume !== undefined,
    });

    let lastYield = now();
    let reason: StopReason | null = null;
    while (reason === null && state.epoch < cfg.epochs) {
      // The epoch's order is drawn from the generator state at its start, so a mid-epoch resume redraws it.
      state.epochShuffleState = state.shuffleRng.state();
      const order = cfg.shuffle ? state.shuffleRng.permutation(trainData.count) : Int32Array.from({ length: trainData.count }, (_, i) => i);
      const epochStart = now() - state.epochElapsedMs;
      // Sums stay on the device between reads, so a step needs no synchronisation unless it reports.
      let sums: tf.Tensor = tf.tensor1d(Array.from(state.epochSums), 'float32');

      while (state.stepInEpoch < stepsPerEpoch) {
        if (options.signal?.aborted) {
          reason = 'aborted';
          break;
        }
        if (rules.maxSteps.reached(state.step)) {
          reason = 'max-steps';
          break;
        }
        const start = state.stepInEpoch * batchSize;
        const size = Math.min(batchSize, trainData.count - start);
        const lossVec = trainStep(model, optimizer, trainData, { order, start, size, buffer }, { training: true, rng: state.noiseRng }, names, cfg.loss);
        const nextSums = tf.tidy(() => tf.add(sums, tf.mul(lossVec, size)));
        sums.dispose();
        sums = nextSums;
        state.epochSamples += size;
        state.stepInEpoch += 1;
        state.step += 1;

        const every = options.stepEventEvery ?? 1;
        if (every > 0 && state.step % every === 0) {
          const report = lossReport(await lossVec.data(), 1, names, cfg.loss);
          const secs = (now() - epochStart) / 1000;
          await emit({ type: 'step', ...clock(), ...report, samplesPerSecond: secs > 0 ? state.epochSamples / secs : 0 });
        }
        lossVec.dispose();
        for (const cb of stepCallbacks) await cb.afterStep?.(state.step);
        if (now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      state.epochSums.set(await sums.data());
      sums.dispose();
      state.epochElapsedMs = now() - epochStart;

      if (reason === 'aborted' || state.epochSamples === 0) break;
      // A full epoch, or the partial one that maxSteps cut short.
      const partial = state.stepInEpoch < stepsPerEpoch;
      const record: EpochRecord = {
        epoch: state.epoch + 1,
        step: state.step,
        ...lossReport(state.epochSums, state.epochSamples, names, cfg.loss),
        elapsedMs: elapsed(),
        samplesPerSecond: state.epochElapsedMs > 0 ? state.epochSamples / (state.epochElapsedMs / 1000) : 0,
      };
      if (validation) {
        const val = await evaluateLossAsync(model, validation, cfg.loss, names);
        record.valLoss = val.loss;
        record.valTerms = val.terms;
        record.valMetrics = val.metrics;
      }
      const previous = state.history.at(-1);
      state.history.push(record);
      const epochMs = state.epochElapsedMs;
      state.nextEpoch();
      await emit(epochEvent(record, epochMs, partial));
      if (partial) break;
      for (const cb of epochCallbacks) {
        const r: StopReason | null | void = await cb.afterEpoch?.({ record, previous, stopping: reason });
        if (reason === null && r) reason = r;
      }
    }
    const final: StopReason = reason ?? 'completed';
    if (final !== 'aborted') state.done = final;
    await checkpoints.save();
    const res = result(final);
    await emit(endEvent(final, { epoch: state.epoch, step: state.step, elapsedMs: res.elapsedMs }, state.history.at(-1), res.bestValLoss));
    return res;
  } finally {
    optimizer.dispose();
  }
}
