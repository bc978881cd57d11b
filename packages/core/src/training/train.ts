import * as tf from '@tensorflow/tfjs';
import { trainingConfigSchema, type TrainingConfig } from '../config/training.js';
import type { z } from 'zod';
import { CoreError } from '../errors.js';
import { Rng, type RngState } from '../layers/random.js';
import { BaseAutoEncoder, type Trainable } from '../models/model.js';
import { createOptimizer, type SavedArray } from '../optimizers/optimizers.js';
import { checkTrainData, sampleSize, splitValidation, takeSamples, type TrainData } from './data.js';
import type { EpochRecord, LossReport, SnapshotEvent, StopReason, TrainEvent } from './events.js';

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
  best: { value: number; wait: number } | null;
  elapsedMs: number;
  done: StopReason | null;
  weights: SavedArray[];
  optimizer: SavedArray[];
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

const VALIDATION_BATCH = 512;
const YIELD_EVERY_MS = 50;

const now = (): number => performance.now();
/**
 * Lets timers, I/O and messages (an abort from a worker's parent, Ctrl-C) run between steps. setImmediate where
 * there is one (Node): setTimeout(0) waits at least 1 ms, and a step yields about once per step.
 */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** Copies a batch of samples into a tensor. */
function batchTensors(data: TrainData, order: ArrayLike<number>, start: number, size: number, buffer: Float32Array): { x: tf.Tensor; labels?: tf.Tensor1D } {
  const per = sampleSize(data);
  const view = buffer.subarray(0, size * per);
  for (let i = 0; i < size; i++) {
    const j = order[start + i]!;
    view.set(data.features.subarray(j * per, (j + 1) * per), i * per);
  }
  const x = tf.tensor(view, [size, ...data.shape], 'float32');
  if (!data.labels) return { x };
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) labels[i] = data.labels[order[start + i]!]!;
  return { x, labels: tf.tensor1d(labels, 'int32') };
}

/** Names of the loss vector's entries, found by one forward pass in inference mode. */
function probeNames(model: Trainable, data: TrainData, loss: TrainingConfig['loss']): { terms: string[]; metrics: string[] } {
  return tf.tidy(() => {
    const { x, labels } = batchTensors(data, [0], 0, 1, new Float32Array(sampleSize(data)));
    const r = model.lossTerms(labels ? { x, labels } : { x }, { training: false }, loss);
    return { terms: Object.keys(r.terms), metrics: Object.keys(r.metrics ?? {}) };
  });
}

/** [total, ...terms, ...metrics] of one batch in inference mode. */
function batchLossVector(
  model: Trainable,
  data: TrainData,
  loss: TrainingConfig['loss'],
  names: { terms: string[]; metrics: string[] },
  order: Int32Array,
  start: number,
  size: number,
  buffer: Float32Array,
): tf.Tensor1D {
  return tf.tidy(() => {
    const { x, labels } = batchTensors(data, order, start, size, buffer);
    const r = model.lossTerms(labels ? { x, labels } : { x }, { training: false }, loss);
    return tf.stack([r.total, ...names.terms.map((n) => r.terms[n]!), ...names.metrics.map((n) => r.metrics![n]!)]) as tf.Tensor1D;
  });
}

/**
 * Mean loss, terms and metrics over `data` in inference mode. Synchronous reads: WebGPU in Node can't do them, so
 * training uses evaluateLossAsync.
 */
export function evaluateLoss(model: Trainable, data: TrainData, loss: TrainingConfig['loss'], names = probeNames(model, data, loss)): LossReport {
  const batches = lossBatches(model, data, loss, names);
  let next = batches.next();
  while (!next.done) next = batches.next(readAndDispose(next.value));
  return next.value;
}

/** evaluateLoss with asynchronous reads (every backend, WebGPU in Node included). */
export async function evaluateLossAsync(
  model: Trainable,
  data: TrainData,
  loss: TrainingConfig['loss'],
  names = probeNames(model, data, loss),
): Promise<LossReport> {
  const batches = lossBatches(model, data, loss, names);
  let next = batches.next();
  while (!next.done) next = batches.next(await readAndDisposeAsync(next.value));
  return next.value;
}

/**
 * The evaluation's loop, apart from how values are read: it yields each batch's loss vector and is handed back
 * its values, so the synchronous and asynchronous evaluations sum in the same order.
 */
function* lossBatches(
  model: Trainable,
  data: TrainData,
  loss: TrainingConfig['loss'],
  names: { terms: string[]; metrics: string[] },
): Generator<tf.Tensor, LossReport, ArrayLike<number>> {
  const identity = Int32Array.from({ length: data.count }, (_, i) => i);
  const batch = Math.min(VALIDATION_BATCH, data.count);
  const buffer = new Float32Array(batch * sampleSize(data));
  const sums = new Float64Array(1 + names.terms.length + names.metrics.length);
  for (let start = 0; start < data.count; start += batch) {
    const size = Math.min(batch, data.count - start);
    const v = yield batchLossVector(model, data, loss, names, identity, start, size, buffer);
    for (let i = 0; i < sums.length; i++) sums[i]! += v[i]! * size;
  }
  return toRecord(sums, data.count, names, loss);
}

function readAndDispose(t: tf.Tensor): ArrayLike<number> {
  try {
    return t.dataSync();
  } finally {
    t.dispose();
  }
}

async function readAndDisposeAsync(t: tf.Tensor): Promise<ArrayLike<number>> {
  try {
    return await t.data();
  } finally {
    t.dispose();
  }
}

function toRecord(sums: ArrayLike<number>, count: number, names: { terms: string[]; metrics: string[] }, loss: TrainingConfig['loss']): LossReport {
  const terms: Record<string, number> = {};
  const metrics: Record<string, number> = {};
  names.terms.forEach((n, i) => (terms[n] = sums[1 + i]! / count));
  names.metrics.forEach((n, i) => (metrics[n] = sums[1 + names.terms.length + i]! / count));
  // RMSE of the whole epoch, not a mean of per-batch RMSEs.
  if (loss === 'mse' && terms.reconstruction !== undefined) metrics.rmse = Math.sqrt(terms.reconstruction);
  return { loss: sums[0]! / count, terms, metrics };
}

type Snapshot = Pick<SnapshotEvent, 'weights' | 'codes'>;

async function snapshotOf(model: Trainable, sample: TrainData | null): Promise<Snapshot> {
  if (!(model instanceof BaseAutoEncoder)) return {};
  const out: Snapshot = {};
  const first = model.weights().find((w) => w.regularize);
  if (first) out.weights = { name: first.name, shape: [...first.variable.shape], values: Float32Array.from((await first.variable.data()) as Float32Array) };
  if (sample) {
    const codes = tf.tidy(() => {
      const x = tf.tensor(sample.features.subarray(0, sample.count * sampleSize(sample)), [sample.count, ...sample.shape]);
      return tf.reshape(model.encode(x), [sample.count, -1]);
    });
    try {
      out.codes = { shape: [...codes.shape], values: Float32Array.from((await codes.data()) as Float32Array) };
    } finally {
      codes.dispose();
    }
    if (sample.labels) out.codes.labels = sample.labels;
  }
  return out;
}

/**
 * Trains `model` on `data` with seeded mini-batch epochs. Every step runs inside tf.tidy; the loop yields to the
 * event loop regularly so an AbortSignal (Ctrl-C, a server cancel, a UI button) can stop it between steps.
 */
export async function train(model: Trainable, data: TrainData, options: TrainOptions = {}): Promise<TrainResult> {
  const cfg = trainingConfigSchema.parse(options.training ?? {});
  const seed = options.seed ?? 0;
  checkTrainData(data);
  if (model.supervised && !data.labels) throw new CoreError('INVALID_ARGUMENT', 'this model learns from labels, and the data has none');

  let trainData = data;
  let validation: TrainData | null = options.validation ?? null;
  if (validation) checkTrainData(validation, 'validation data');
  else if (cfg.validationFraction > 0) ({ train: trainData, validation } = splitValidation(data, cfg.validationFraction, seed));

  const stage = options.stage;
  const emit = async (event: TrainEvent): Promise<void> => {
    if (stage !== undefined) event.stage = stage;
    if (options.onEvent) await options.onEvent(event);
  };
  const names = probeNames(model, trainData, cfg.loss);
  const width = 1 + names.terms.length + names.metrics.length;
  const batchSize = Math.min(cfg.batchSize, trainData.count);
  const stepsPerEpoch = Math.ceil(trainData.count / batchSize);
  const vars = model.trainableVariables();
  const optimizer = createOptimizer(cfg.optimizer, cfg.learningRate);
  const buffer = new Float32Array(batchSize * sampleSize(trainData));
  const snapshotSample = cfg.snapshotEvery
    ? takeSamples(validation ?? trainData, Array.from({ length: Math.min(options.snapshotSamples ?? 256, (validation ?? trainData).count) }, (_, i) => i))
    : null;

  // Run state (what a checkpoint holds).
  let epoch = 0;
  let stepInEpoch = 0;
  let step = 0;
  let shuffleRng = new Rng(seed, 'shuffle');
  let noiseRng = new Rng(seed, 'noise');
  let epochSums = new Float64Array(width);
  let epochSamples = 0;
  let epochElapsedMs = 0;
  let history: EpochRecord[] = [];
  let best: { value: number; wait: number } | null = null;
  let elapsedBefore = 0;
  let done: StopReason | null = null;

  const resume = options.resume;
  if (resume) {
    if (resume.version !== 1) throw new CoreError('MODEL_FORMAT', `unsupported checkpoint version ${String(resume.version)}`);
    model.setWeights(resume.weights);
    optimizer.setState(resume.optimizer);
    epoch = resume.epoch;
    stepInEpoch = resume.stepInEpoch;
    step = resume.step;
    shuffleRng = new Rng(resume.shuffleRng);
    noiseRng = new Rng(resume.noiseRng);
    if (resume.epochSums.length === width) epochSums = Float64Array.from(resume.epochSums);
    epochSamples = resume.epochSamples;
    epochElapsedMs = resume.epochElapsedMs;
    history = structuredClone(resume.history);
    best = resume.best ? { ...resume.best } : null;
    elapsedBefore = resume.elapsedMs;
    done = resume.done;
    // A finished run continues when the limit that ended it was raised (more epochs or steps).
    if (done === 'completed' && epoch < cfg.epochs) done = null;
    if (done === 'max-steps' && (cfg.maxSteps === undefined || step < cfg.maxSteps)) done = null;
  }

  const started = now();
  const elapsed = (): number => elapsedBefore + (now() - started);
  const lastRecord = (): EpochRecord | undefined => history[history.length - 1];
  const result = (reason: StopReason): TrainResult => ({
    reason,
    epochs: epoch,
    steps: step,
    history,
    loss: lastRecord()?.loss ?? null,
    valLoss: lastRecord()?.valLoss ?? null,
    bestValLoss: validation && best ? best.value : null,
    elapsedMs: elapsed(),
  });

  let epochShuffleState = shuffleRng.state();
  const checkpoint = async (): Promise<TrainCheckpoint> => {
    const cp: TrainCheckpoint = {
      version: 1,
      epoch,
      stepInEpoch,
      step,
      shuffleRng: epochShuffleState,
      noiseRng: noiseRng.state(),
      epochSums: Array.from(epochSums),
      epochSamples,
      epochElapsedMs,
      history: structuredClone(history),
      best: best ? { ...best } : null,
      elapsedMs: elapsed(),
      done,
      weights: model.getWeightsAsync ? await model.getWeightsAsync() : model.getWeights(),
      optimizer: await optimizer.getStateAsync(),
    };
    if (stage !== undefined) cp.stage = stage;
    return cp;
  };
  const saveCheckpoint = async (): Promise<void> => {
    if (!options.onCheckpoint) return;
    await options.onCheckpoint(await checkpoint());
    await emit({ type: 'checkpoint', epoch, step, elapsedMs: elapsed() });
  };

  try {
    if (done) return result(done);
    await emit({
      type: 'start',
      epoch,
      step,
      elapsedMs: elapsed(),
      epochs: cfg.epochs,
      stepsPerEpoch,
      batchSize,
      trainCount: trainData.count,
      validationCount: validation?.count ?? 0,
      resumed: resume !== undefined,
    });

    let lastYield = now();
    let reason: StopReason | null = null;
    while (reason === null && epoch < cfg.epochs) {
      // The epoch's order is drawn from the generator state at its start, so a mid-epoch resume redraws it.
      epochShuffleState = shuffleRng.state();
      let order: Int32Array;
      if (cfg.shuffle) order = shuffleRng.permutation(trainData.count);
      else order = Int32Array.from({ length: trainData.count }, (_, i) => i);
      const epochStart = now() - epochElapsedMs;
      // Sums stay on the device between reads, so a step needs no synchronisation unless it reports.
      let sumTensor: tf.Tensor = tf.tensor1d(Array.from(epochSums), 'float32');
      const flushSums = async (): Promise<void> => {
        const v = await sumTensor.data();
        for (let i = 0; i < width; i++) epochSums[i] = v[i]!;
      };

      while (stepInEpoch < stepsPerEpoch) {
        if (options.signal?.aborted) {
          reason = 'aborted';
          break;
        }
        if (cfg.maxSteps !== undefined && step >= cfg.maxSteps) {
          reason = 'max-steps';
          break;
        }
        const start = stepInEpoch * batchSize;
        const size = Math.min(batchSize, trainData.count - start);
        const ctx = { training: true, rng: noiseRng };
        const lossVec = tf.tidy(() => {
          const { x, labels } = batchTensors(trainData, order, start, size, buffer);
          let kept: tf.Scalar[] = [];
          const { value, grads } = tf.variableGrads(() => {
            const r = model.lossTerms(labels ? { x, labels } : { x }, ctx, cfg.loss);
            kept = [...names.terms.map((n) => r.terms[n]!), ...names.metrics.map((n) => r.metrics![n]!)].map((t) => tf.keep(t));
            return r.total;
          }, vars);
          optimizer.applyGradients(vars, vars.map((v) => grads[v.name]));
          const vec = tf.stack([value, ...kept]);
          tf.dispose(kept);
          return vec;
        });
        const nextSum = tf.tidy(() => tf.add(sumTensor, tf.mul(lossVec, size)));
        sumTensor.dispose();
        sumTensor = nextSum;
        epochSamples += size;
        stepInEpoch += 1;
        step += 1;

        const every = options.stepEventEvery ?? 1;
        if (every > 0 && step % every === 0) {
          const v = await lossVec.data();
          const terms: Record<string, number> = {};
          const metrics: Record<string, number> = {};
          names.terms.forEach((n, i) => (terms[n] = v[1 + i]!));
          names.metrics.forEach((n, i) => (metrics[n] = v[1 + names.terms.length + i]!));
          if (cfg.loss === 'mse' && terms.reconstruction !== undefined) metrics.rmse = Math.sqrt(terms.reconstruction);
          const secs = (now() - epochStart) / 1000;
          await emit({ type: 'step', epoch, step, elapsedMs: elapsed(), loss: v[0]!, terms, metrics, samplesPerSecond: secs > 0 ? epochSamples / secs : 0 });
        }
        lossVec.dispose();

        if (cfg.snapshotEvery && step % cfg.snapshotEvery === 0) {
          await emit({ type: 'snapshot', epoch, step, elapsedMs: elapsed(), ...(await snapshotOf(model, snapshotSample)) });
        }
        if (now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      await flushSums();
      sumTensor.dispose();
      epochElapsedMs = now() - epochStart;

      if (reason === 'aborted') break;
      if (epochSamples === 0) break;
      // A full epoch, or the partial one that maxSteps cut short.
      const partial = stepInEpoch < stepsPerEpoch;
      const train = toRecord(epochSums, epochSamples, names, cfg.loss);
      const record: EpochRecord = {
        epoch: epoch + 1,
        step,
        loss: train.loss,
        terms: train.terms,
        metrics: train.metrics,
        elapsedMs: elapsed(),
        samplesPerSecond: epochElapsedMs > 0 ? epochSamples / (epochElapsedMs / 1000) : 0,
      };
      if (validation) {
        const val = await evaluateLossAsync(model, validation, cfg.loss, names);
        record.valLoss = val.loss;
        record.valTerms = val.terms;
        record.valMetrics = val.metrics;
      }
      const previous = lastRecord();
      history.push(record);
      epoch += 1;
      epochShuffleState = shuffleRng.state();
      stepInEpoch = 0;
      epochSums = new Float64Array(width);
      epochSamples = 0;
      const epochMs = epochElapsedMs;
      epochElapsedMs = 0;
      const event: TrainEvent = {
        type: 'epoch',
        epoch,
        step,
        elapsedMs: record.elapsedMs,
        loss: record.loss,
        terms: record.terms,
        metrics: record.metrics,
        samplesPerSecond: record.samplesPerSecond,
        epochMs,
      };
      if (record.valLoss !== undefined) {
        event.valLoss = record.valLoss;
        event.valTerms = record.valTerms!;
        event.valMetrics = record.valMetrics!;
      }
      if (partial) event.partial = true;
      await emit(event);
      if (partial) break;

      const monitored = record.valLoss ?? record.loss;
      if (cfg.earlyStopping) {
        if (best === null || monitored < best.value - cfg.earlyStopping.minDelta) best = { value: monitored, wait: 0 };
        else best.wait += 1;
        if (best.wait >= cfg.earlyStopping.patience) reason = 'early-stopping';
      } else if (best === null || monitored < best.value) {
        best = { value: monitored, wait: 0 };
      }
      if (reason === null && cfg.convergenceEpsilon !== undefined && previous && Math.abs(previous.loss - record.loss) < cfg.convergenceEpsilon) {
        reason = 'converged';
      }
      if (reason === null && cfg.maxSteps !== undefined && step >= cfg.maxSteps) reason = 'max-steps';
      if (reason === null && epoch % cfg.checkpointEvery === 0 && epoch < cfg.epochs) await saveCheckpoint();
    }
    const final: StopReason = reason ?? 'completed';
    if (final !== 'aborted') done = final;
    await saveCheckpoint();
    const res = result(final);
    const end: TrainEvent = { type: 'end', reason: final, epoch, step, elapsedMs: res.elapsedMs };
    if (res.loss !== null) end.loss = res.loss;
    if (res.valLoss !== null) end.valLoss = res.valLoss;
    if (res.bestValLoss !== null) end.bestValLoss = res.bestValLoss;
    await emit(end);
    return res;
  } finally {
    optimizer.dispose();
  }
}
