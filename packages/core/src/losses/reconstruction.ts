import * as tf from '@tensorflow/tfjs';
import { meanBceWithLogits } from '../backend/fused/bce.js';
import type { LossName } from '../config/training.js';

/** Mean squared error over every element. */
export function meanSquaredError(target: tf.Tensor, output: tf.Tensor): tf.Scalar {
  return tf.mean(tf.squaredDifference(target, output));
}

/**
 * Binary cross-entropy of targets x in [0, 1] against sigmoid(z), from the logits z, in the overflow-free form
 * max(z, 0) - z x + log(1 + exp(-|z|)); mean over every element (PyTorch's BCELoss / BCEWithLogitsLoss).
 */
export function binaryCrossEntropyElements(target: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, target)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
}

/**
 * Mean binary cross-entropy from logits. Its gradient is written out, (σ(z) - x) / n, instead of autodiff replaying
 * the ~20 elementwise kernels of the formula backwards (meanBceWithLogits; same value, softplus(z) - z x).
 */
export function binaryCrossEntropyFromLogits(target: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return meanBceWithLogits(target, logits);
}

/** Entropy of Bernoulli(x) per element, with 0 log 0 = 0. */
function bernoulliEntropy(x: tf.Tensor): tf.Tensor {
  const xlogx = (v: tf.Tensor): tf.Tensor => tf.mul(v, tf.log(tf.maximum(v, 1e-12)));
  return tf.neg(tf.add(xlogx(x), xlogx(tf.sub(1, x))));
}

/**
 * The DDAE paper's reconstruction loss L(x, z) = sum_i KL(x_i || z_i): for each sample, the Bernoulli KL divergence
 * between input and reconstruction summed over features, i.e. BCE(x, z) - H(x), computed from the logits; averaged
 * over the batch (the paper's sum over samples, divided by the batch size). It is 0 for a perfect reconstruction and
 * has the same gradient as BCE summed over features.
 */
export function klDivergenceFromLogits(target: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  // sum over features, mean over samples = (features) x (mean over every element); the entropy of the targets
  // is a constant of the batch, so the gradient is the BCE's alone.
  const features = logits.size / (logits.shape[0] || 1);
  return tf.sub(tf.mul(meanBceWithLogits(target, logits), features), tf.mul(tf.mean(bernoulliEntropy(target)), features));
}

/** Losses computed from logits need the output layer to be a sigmoid. */
export function lossNeedsSigmoid(loss: LossName): boolean {
  return loss === 'bce' || loss === 'kl';
}

/**
 * The reconstruction term for `loss`. `logits` are the output layer's pre-activations (used by bce/kl);
 * `output` the activations (used by mse).
 */
export function reconstructionLoss(loss: LossName, target: tf.Tensor, output: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  switch (loss) {
    case 'mse':
      return meanSquaredError(target, output);
    case 'bce':
      return binaryCrossEntropyFromLogits(target, logits);
    case 'kl':
      return klDivergenceFromLogits(target, logits);
  }
}

/** Softmax cross-entropy of integer labels against logits [batch, classes], mean over the batch. */
export function softmaxCrossEntropy(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  const classes = logits.shape[1];
  const onehot = tf.oneHot(tf.cast(labels, 'int32'), classes);
  const logProbs = tf.logSoftmax(logits);
  return tf.neg(tf.mean(tf.sum(tf.mul(onehot, logProbs), 1))) as tf.Scalar;
}
