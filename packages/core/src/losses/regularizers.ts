import * as tf from '@tensorflow/tfjs';
import { weightNorm } from '../backend/fused/weight-norm.js';

/** l1 sum|W| + l2 sum W^2 over the given kernels (Keras' convention: no 1/2). */
export function weightPenalty(kernels: tf.Tensor[], l1: number, l2: number): { l1: tf.Scalar | null; l2: tf.Scalar | null } {
  const sum = (f: (w: tf.Tensor) => tf.Scalar): tf.Scalar => kernels.map(f).reduce((a, b) => tf.add(a, b));
  if (kernels.length === 0) return { l1: null, l2: null };
  return {
    l1: l1 > 0 ? (tf.mul(sum((w) => weightNorm(w, 1)), l1) as tf.Scalar) : null,
    l2: l2 > 0 ? (tf.mul(sum((w) => weightNorm(w, 2)), l2) as tf.Scalar) : null,
  };
}

/** Activity penalties on a code batch [batch, ...]: per sample l1 sum|h| + l2 sum h^2, mean over the batch. */
export function activityPenalty(code: tf.Tensor, l1: number, l2: number): { l1: tf.Scalar | null; l2: tf.Scalar | null } {
  const batch = code.shape[0] ?? 1;
  const flat = tf.reshape(code, [batch, -1]);
  return {
    l1: l1 > 0 ? (tf.mul(tf.mean(tf.sum(tf.abs(flat), 1)), l1) as tf.Scalar) : null,
    l2: l2 > 0 ? (tf.mul(tf.mean(tf.sum(tf.square(flat), 1)), l2) as tf.Scalar) : null,
  };
}

const RHO_CLIP = 1e-6;

/**
 * Sparsity penalty beta * sum_j KL(rho || rho_hat_j), rho_hat_j the mean activation of code unit j over the batch
 * (Ng's sparse autoencoder). Activations must lie in (0, 1); rho_hat is clipped away from 0 and 1.
 */
export function klSparsityPenalty(code: tf.Tensor, rho: number, beta: number): tf.Scalar {
  const batch = code.shape[0] ?? 1;
  const rhoHat = tf.clipByValue(tf.mean(tf.reshape(code, [batch, -1]), 0), RHO_CLIP, 1 - RHO_CLIP);
  const kl = tf.add(tf.mul(rho, tf.log(tf.div(rho, rhoHat))), tf.mul(1 - rho, tf.log(tf.div(1 - rho, tf.sub(1, rhoHat)))));
  return tf.mul(tf.sum(kl), beta);
}
