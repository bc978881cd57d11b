/** Prediction for every model kind, in row batches so the test x train kernel never exists whole. */
import * as tf from '@tensorflow/tfjs';
import { checkFeatures, type FeatureMatrix } from './data.js';
import { KelmError } from './errors.js';
import { hiddenLayer } from './hidden.js';
import { kernelBlock, needsNorms, rowSquaredNorms } from './kernels.js';
import type { ElmModel, KernelModel, Model } from './model.js';
import { withReadableBackendSync } from './backend.js';

export interface Prediction {
  /** Predicted class per row (values from the model's classes). */
  labels: Int32Array;
  /** rows x classes output scores, row-major. */
  scores: Float32Array;
  classes: number[];
}

export interface PredictOptions {
  /** Rows per batch; by default sized so a batch's kernel block stays near 16M entries. */
  batchSize?: number;
}

function batchRows(width: number, requested?: number): number {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) throw new KelmError('INVALID_OPTIONS', `batchSize must be a positive integer, got ${requested}`);
    return requested;
  }
  return Math.max(1, Math.min(4096, Math.floor(16_000_000 / Math.max(1, width))));
}

function transposeF32(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!;
  return out;
}

function finish(scores: Float32Array, rows: number, classes: number[]): Prediction {
  const c = classes.length;
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (scores[i * c + k]! > scores[i * c + best]!) best = k;
    labels[i] = classes[best]!;
  }
  return { labels, scores, classes };
}

function checkInput(model: Model, x: FeatureMatrix): void {
  checkFeatures(x, 'test features');
  if (x.cols !== model.dim) throw new KelmError('SHAPE_MISMATCH', `the model takes ${model.dim} features per sample, got ${x.cols}`);
}

export function kernelPredict(model: KernelModel, x: FeatureMatrix, options: PredictOptions = {}): Prediction {
  return withReadableBackendSync(() => kernelPredictHere(model, x, options));
}

function kernelPredictHere(model: KernelModel, x: FeatureMatrix, options: PredictOptions = {}): Prediction {
  checkInput(model, x);
  const m = model.support.length / model.dim;
  const c = model.classes.length;
  const batch = batchRows(m, options.batchSize);
  const scores = new Float32Array(x.rows * c);
  // The support comes transposed because the WASM backend's matMul is far slower with transposeB.
  const supportT = tf.tensor2d(transposeF32(model.support, m, model.dim), [model.dim, m]);
  const supportSq = needsNorms(model.kernel) ? tf.tidy(() => tf.sum(tf.square(supportT), 0, true) as tf.Tensor2D) : null;
  const coef = tf.tensor2d(Float32Array.from(model.coef), [m, c]);
  try {
    for (let r = 0; r < x.rows; r += batch) {
      const rows = Math.min(batch, x.rows - r);
      const out = tf.tidy(() => {
        const xb = tf.tensor2d(x.data.subarray(r * x.cols, (r + rows) * x.cols), [rows, x.cols]);
        const k = kernelBlock(model.kernel, xb, supportT, supportSq ? rowSquaredNorms(xb) : null, supportSq);
        return tf.matMul<tf.Tensor2D>(k, coef);
      });
      scores.set(out.dataSync() as Float32Array, r * c);
      out.dispose();
    }
  } finally {
    supportT.dispose();
    supportSq?.dispose();
    coef.dispose();
  }
  return finish(scores, x.rows, model.classes);
}

export function elmPredict(model: ElmModel, x: FeatureMatrix, options: PredictOptions = {}): Prediction {
  return withReadableBackendSync(() => elmPredictHere(model, x, options));
}

function elmPredictHere(model: ElmModel, x: FeatureMatrix, options: PredictOptions = {}): Prediction {
  checkInput(model, x);
  const c = model.classes.length;
  const batch = batchRows(model.hidden, options.batchSize);
  const scores = new Float32Array(x.rows * c);
  const w = tf.tensor2d(model.weights, [model.dim, model.hidden]);
  const b = tf.tensor2d(model.biases, [1, model.hidden]);
  const beta = tf.tensor2d(Float32Array.from(model.beta), [model.hidden, c]);
  try {
    for (let r = 0; r < x.rows; r += batch) {
      const rows = Math.min(batch, x.rows - r);
      const out = tf.tidy(() => {
        const xb = tf.tensor2d(x.data.subarray(r * x.cols, (r + rows) * x.cols), [rows, x.cols]);
        return tf.matMul<tf.Tensor2D>(hiddenLayer(model.activation, xb, w, b), beta);
      });
      scores.set(out.dataSync() as Float32Array, r * c);
      out.dispose();
    }
  } finally {
    w.dispose();
    b.dispose();
    beta.dispose();
  }
  return finish(scores, x.rows, model.classes);
}

/** Predicted labels and scores for any fitted model. */
export function predict(model: Model, x: FeatureMatrix, options: PredictOptions = {}): Prediction {
  if (model.kind === 'elm') return elmPredict(model, x, options);
  return kernelPredict(model, x, options);
}
