import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../config/training.js';
import type { Trainable } from '../models/model.js';
import { batchTensors } from './batches.js';
import { sampleSize, type TrainData } from './data.js';
import type { LossReport } from './events.js';

const VALIDATION_BATCH = 512;

/** Names of a loss vector's entries after the total: `[total, ...terms, ...metrics]`. */
export interface LossNames {
  terms: string[];
  metrics: string[];
}

/** Names of the loss vector's entries, found by one forward pass in inference mode. */
export function probeNames(model: Trainable, data: TrainData, loss: TrainingConfig['loss']): LossNames {
  return tf.tidy(() => {
    const { x, labels } = batchTensors(data, [0], 0, 1, new Float32Array(sampleSize(data)));
    const r = model.lossTerms(labels ? { x, labels } : { x }, { training: false }, loss);
    return { terms: Object.keys(r.terms), metrics: Object.keys(r.metrics ?? {}) };
  });
}

/** [total, ...terms, ...metrics] of one batch in inference mode. */
export function batchLossVector(
  model: Trainable,
  data: TrainData,
  loss: TrainingConfig['loss'],
  names: LossNames,
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
  names: LossNames,
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
  return lossReport(sums, data.count, names, loss);
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

/** `[total, ...terms, ...metrics]` sums over `count` samples as means (a single batch's values with `count` 1). */
export function lossReport(sums: ArrayLike<number>, count: number, names: LossNames, loss: TrainingConfig['loss']): LossReport {
  const terms: Record<string, number> = {};
  const metrics: Record<string, number> = {};
  names.terms.forEach((n, i) => (terms[n] = sums[1 + i]! / count));
  names.metrics.forEach((n, i) => (metrics[n] = sums[1 + names.terms.length + i]! / count));
  // RMSE of the whole epoch, not a mean of per-batch RMSEs.
  if (loss === 'mse' && terms.reconstruction !== undefined) metrics.rmse = Math.sqrt(terms.reconstruction);
  return { loss: sums[0]! / count, terms, metrics };
}
