import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../config/model.js';

/** Slope of leaky ReLU for negative inputs (tf.js' default; the lite trainer uses the same). */
export const LEAKY_RELU_ALPHA = 0.2;

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'identity':
      return x;
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, LEAKY_RELU_ALPHA);
  }
}

/** The plain-number version, for tests and for code that works on Float32Arrays. */
export function activateScalar(x: number, activation: Activation): number {
  switch (activation) {
    case 'identity':
      return x;
    case 'sigmoid':
      return 1 / (1 + Math.exp(-x));
    case 'tanh':
      return Math.tanh(x);
    case 'relu':
      return Math.max(0, x);
    case 'leakyRelu':
      return x >= 0 ? x : LEAKY_RELU_ALPHA * x;
  }
}
