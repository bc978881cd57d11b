import * as tf from '@tensorflow/tfjs';
import type { ApplyContext } from './layer.js';

export const BATCH_NORM_MOMENTUM = 0.99;
export const BATCH_NORM_EPSILON = 1e-3;

/** The batch-norm parameters a layer owns when its config says `batchNorm: true`. */
export interface BatchNormWeights {
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
}

/**
 * Normalises each feature of a [batch, features] tensor: batch statistics while training (and the moving averages
 * move towards them, Keras-style momentum), the moving averages at inference.
 */
export function batchNorm(z: tf.Tensor, bn: BatchNormWeights, ctx: ApplyContext): tf.Tensor {
  if (!ctx.training) {
    return tf.add(tf.mul(tf.div(tf.sub(z, bn.movingMean), tf.sqrt(tf.add(bn.movingVariance, BATCH_NORM_EPSILON))), bn.gamma), bn.beta);
  }
  const { mean, variance } = tf.moments(z, 0);
  tf.tidy(() => {
    const decay = 1 - BATCH_NORM_MOMENTUM;
    bn.movingMean.assign(tf.sub(bn.movingMean, tf.mul(tf.sub(bn.movingMean, mean), decay)));
    bn.movingVariance.assign(tf.sub(bn.movingVariance, tf.mul(tf.sub(bn.movingVariance, variance), decay)));
  });
  return tf.add(tf.mul(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BATCH_NORM_EPSILON))), bn.gamma), bn.beta);
}
