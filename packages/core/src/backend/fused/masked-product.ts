import * as tf from '@tensorflow/tfjs';

/*
 * DropConnect's per-sample product y[b] = x[b]·(M_b ∘ W) and its gradients. As ops it materialises M ∘ W for every
 * sample and runs a batch of matrix-vector products (and, backwards, two more elementwise passes and a reduction);
 * backends that register the kernels below (`blas`) do each direction in one pass over the masks.
 */

/** x [batch, in], w [in, out], mask [batch, in, out] → y [batch, out]. */
export const MASKED_PRODUCT_KERNEL = 'AelabMaskedProduct';
/** x, w, mask, dy [batch, out] → [dx [batch, in], dw [in, out]]; attr inputGradient false skips dx (zeros). */
export const MASKED_PRODUCT_GRAD_KERNEL = 'AelabMaskedProductGrad';

function native(kernel: string, ...tensors: tf.Tensor[]): boolean {
  return tf.getKernel(kernel, tf.getBackend()) !== undefined && tensors.every((t) => t.dtype === 'float32');
}

/** y[b] = x[b]·(mask[b] ∘ w). */
export function maskedProduct(x: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor3D): tf.Tensor2D {
  if (native(MASKED_PRODUCT_KERNEL, x, w, mask)) return tf.engine().runKernel(MASKED_PRODUCT_KERNEL, { x, w, mask }) as tf.Tensor2D;
  const [size, inputs] = x.shape;
  return tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(x, [size, 1, inputs]) as tf.Tensor3D, tf.mul(mask, w) as tf.Tensor3D), [size, w.shape[1]]));
}

/** The gradients of maskedProduct for x and w given dy; dx is zeros when `inputGradient` is false. */
export function maskedProductGrad(x: tf.Tensor2D, w: tf.Tensor2D, mask: tf.Tensor3D, dy: tf.Tensor2D, inputGradient: boolean): [tf.Tensor2D, tf.Tensor2D] {
  if (native(MASKED_PRODUCT_GRAD_KERNEL, x, w, mask, dy)) {
    return tf.engine().runKernel(MASKED_PRODUCT_GRAD_KERNEL, { x, w, mask, dy }, { inputGradient }) as [tf.Tensor2D, tf.Tensor2D];
  }
  const [size, inputs] = x.shape;
  const units = w.shape[1];
  return tf.tidy(() => {
    const dyc = tf.reshape(dy, [size, 1, units]) as tf.Tensor3D;
    const xc = tf.reshape(x, [size, inputs, 1]) as tf.Tensor3D;
    const dx = inputGradient ? tf.reshape(tf.matMul(dyc, tf.mul(mask, w) as tf.Tensor3D, false, true), [size, inputs]) : tf.zeros([size, inputs]);
    return [dx as tf.Tensor2D, tf.sum(tf.mul(mask, tf.matMul(xc, dyc)), 0) as tf.Tensor2D];
  });
}
