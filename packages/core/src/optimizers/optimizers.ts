import * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../config/training.js';

/**
 * The tf.js optimizer for a config:
 * - sgd: theta -= lr g
 * - momentum: v = m v + g; theta -= lr v (Nesterov optional) — tf.js/PyTorch form; the demo paper's
 *   EMA form m = b m + (1 - b) g equals it with lr scaled by (1 - b)
 * - rmsprop: v = d v + (1 - d) g^2; theta -= lr g / sqrt(v + eps) (with optional momentum)
 * - adam: bias-corrected first and second moments (Kingma & Ba)
 */
export function createOptimizer(config: OptimizerConfig, learningRate: number): tf.Optimizer {
  switch (config.type) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, config.momentum, config.nesterov);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, config.decay, config.momentum, config.epsilon);
    case 'adam':
      return tf.train.adam(learningRate, config.beta1, config.beta2, config.epsilon);
  }
}

export interface SavedArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** The optimizer's slots (moments, iteration count) as plain arrays, in a fixed order, for checkpoints. */
export async function getOptimizerState(optimizer: tf.Optimizer): Promise<SavedArray[]> {
  const weights = await optimizer.getWeights();
  const out: SavedArray[] = [];
  for (const w of weights) {
    out.push({ name: w.name, shape: [...w.tensor.shape], values: Float32Array.from(await w.tensor.data()) });
  }
  return out;
}

/** Restores slots saved by getOptimizerState into a fresh optimizer of the same type (matched by order). */
export async function setOptimizerState(optimizer: tf.Optimizer, state: SavedArray[]): Promise<void> {
  if (state.length === 0) return;
  const tensors = state.map((s) => ({ name: s.name, tensor: tf.tensor(s.values, s.shape, 'float32') }));
  await optimizer.setWeights(tensors);
  // setWeights copies into variables; the source tensors are ours to free.
  for (const t of tensors) t.tensor.dispose();
}

/** Frees an optimizer's slots. tf.js' momentum optimizer forgets the learning-rate scalar it inherits from SGD. */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    const c = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}
