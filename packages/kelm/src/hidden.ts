/** ELM hidden layers: the random feature map g(x W + b), and its seeded initialisation. */
import * as tf from '@tensorflow/tfjs';
import type { FeatureMatrix } from './data.js';
import type { Activation } from './model.js';
import { createRng, sampleIndices } from './random.js';

export const activations: readonly Activation[] = ['sigmoid', 'tanh', 'relu', 'rbf'];

/** H for a batch: (rows x dim) -> (rows x hidden). For rbf, w holds the centres as columns and b the rates. */
export function hiddenLayer(activation: Activation, x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    if (activation === 'rbf') {
      const xw = tf.matMul<tf.Tensor2D>(x, w);
      const xSq = tf.sum(tf.square(x), 1, true);
      const wSq = tf.sum(tf.square(w), 0, true);
      // ||x - w||^2 = |x|^2 + |w|^2 - 2 x.w, clamped at 0 against rounding.
      const d2 = tf.relu(tf.sub(tf.add(xSq, wSq), tf.mul(xw, 2)));
      return tf.exp(tf.neg(tf.mul(d2, b))) as tf.Tensor2D;
    }
    const z = tf.add(tf.matMul<tf.Tensor2D>(x, w), b) as tf.Tensor2D;
    switch (activation) {
      case 'sigmoid':
        return tf.sigmoid(z);
      case 'tanh':
        return tf.tanh(z);
      case 'relu':
        return tf.relu(z);
    }
  });
}

/**
 * Input weights uniform in [-1, 1] and biases uniform in [0, 1], as in Huang's ELM code. For rbf the centres
 * are training rows picked at random and each unit's width is the median distance between those centres times
 * a random factor in [0.5, 1.5] (rate = 1 / (2 width^2)).
 */
export function initHidden(activation: Activation, x: FeatureMatrix, hidden: number, seed: number): { weights: Float32Array; biases: Float32Array } {
  const rng = createRng(seed);
  const d = x.cols;
  const weights = new Float32Array(d * hidden);
  const biases = new Float32Array(hidden);
  if (activation !== 'rbf') {
    for (let i = 0; i < weights.length; i++) weights[i] = rng.next() * 2 - 1;
    for (let j = 0; j < hidden; j++) biases[j] = rng.next();
    return { weights, biases };
  }
  const picks = new Int32Array(hidden);
  // With more units than rows, centres repeat (with different widths).
  for (let j = 0; j < hidden; j += x.rows) picks.set(sampleIndices(x.rows, Math.min(x.rows, hidden - j), rng), j);
  for (let j = 0; j < hidden; j++) {
    const r = picks[j]!;
    for (let k = 0; k < d; k++) weights[k * hidden + j] = x.data[r * d + k]!;
  }
  const median = medianOfPairs(x, picks.subarray(0, Math.min(hidden, 500)));
  for (let j = 0; j < hidden; j++) {
    const width = median * (0.5 + rng.next());
    biases[j] = 1 / (2 * width * width);
  }
  return { weights, biases };
}

function medianOfPairs(x: FeatureMatrix, rows: Int32Array): number {
  const d = x.cols;
  const dist: number[] = [];
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      let s = 0;
      const ra = rows[a]! * d;
      const rb = rows[b]! * d;
      for (let k = 0; k < d; k++) s += (x.data[ra + k]! - x.data[rb + k]!) ** 2;
      dist.push(Math.sqrt(s));
    }
  }
  if (dist.length === 0) return 1;
  dist.sort((p, q) => p - q);
  return dist[Math.floor(dist.length / 2)]! || 1;
}
