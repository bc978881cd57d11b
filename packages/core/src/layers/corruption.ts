import * as tf from '@tensorflow/tfjs';
import type { CorruptionConfig } from '../config/model.js';
import type { Rng } from './random.js';

/**
 * Input corruption of a denoising autoencoder (training only; the clean input stays the target):
 * additive Gaussian noise N(0, sigma^2), or masking noise that zeroes each input with probability `fraction`.
 */
export function corrupt(x: tf.Tensor, corruption: CorruptionConfig, rng: Rng): tf.Tensor {
  const n = x.size;
  if (corruption.type === 'gaussian') {
    return tf.add(x, tf.tensor(rng.normalArray(n, 0, corruption.sigma), x.shape, 'float32'));
  }
  return tf.mul(x, tf.tensor(rng.bernoulliArray(n, 1 - corruption.fraction), x.shape, 'float32'));
}
