import * as tf from '@tensorflow/tfjs';

/*
 * Σ|w| and Σw² of a kernel with their gradients written out, for the L1/L2 weight penalties. Autodiff through
 * tf.sum(tf.abs(w)) replays about six elementwise kernels over the whole kernel every batch (ones, step, cast,
 * products), and WASM's elementwise kernels take 2-8 ms a pass over a 784 x 1,024 kernel: ~17 ms a batch of the lab's
 * 1,024-unit autoencoder against ~3 ms for its matrix products. Backends that register WEIGHT_NORM_KERNEL and
 * WEIGHT_NORM_GRAD_KERNEL (wasm, blas) do each direction in one pass without temporaries.
 */

/** w → Σ|w| (attrs.p = 1) or Σw² (p = 2) as a float32 scalar. */
export const WEIGHT_NORM_KERNEL = 'AelabWeightNorm';
/** w, dy (scalar) → sign(w)·dy (p = 1; 0 at w = 0) or 2w·dy (p = 2). */
export const WEIGHT_NORM_GRAD_KERNEL = 'AelabWeightNormGrad';

export type WeightNormPower = 1 | 2;

function composed(p: WeightNormPower) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([w]);
    return {
      value: p === 1 ? tf.sum(tf.abs(w)) : tf.sum(tf.square(w)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => (p === 1 ? tf.mul(tf.sign(saved[0]!), dy) : tf.mul(saved[0]!, tf.mul(dy, 2))),
    };
  });
}

function native(p: WeightNormPower) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [w, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([w]);
    return {
      value: tf.engine().runKernel(WEIGHT_NORM_KERNEL, { w }, { p }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(WEIGHT_NORM_GRAD_KERNEL, { w: saved[0]!, dy }, { p }) as tf.Tensor,
    };
  });
}

const ops = { composed: { 1: composed(1), 2: composed(2) }, native: { 1: native(1), 2: native(2) } };

/** Σ|w| (p = 1) or Σw² (p = 2), differentiable; the subgradient of |w| at 0 is 0. */
export function weightNorm(w: tf.Tensor, p: WeightNormPower): tf.Scalar {
  const backend = tf.getBackend();
  const fused = w.dtype === 'float32' && w.size > 0 && tf.getKernel(WEIGHT_NORM_KERNEL, backend) && tf.getKernel(WEIGHT_NORM_GRAD_KERNEL, backend);
  return (fused ? ops.native[p] : ops.composed[p])(w) as tf.Scalar;
}
