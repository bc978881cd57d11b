/**
 * Kernels. The Gaussian comes in the two conventions found in the literature, named apart so a parameter is
 * never read in the wrong one:
 *   gaussian        exp(-||a-b||^2 / (2 sigma^2))   (the DDAE paper's "gamma" is this sigma)
 *   gaussian-huang  exp(-||a-b||^2 / width)         (Huang's reference KELM code; width = 2 sigma^2)
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { KelmError } from './errors.js';

export const kernelSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('gaussian'), sigma: z.number().positive().finite() }),
  z.object({ type: z.literal('gaussian-huang'), width: z.number().positive().finite() }),
  z.object({ type: z.literal('linear') }),
  z.object({
    type: z.literal('polynomial'),
    degree: z.number().int().min(1).max(32),
    /** K = (scale a.b + offset)^degree */
    scale: z.number().positive().finite().default(1),
    offset: z.number().min(0).finite().default(1),
  }),
]);

export type Kernel = z.output<typeof kernelSchema>;
export type KernelInput = z.input<typeof kernelSchema>;
export type KernelType = Kernel['type'];
export const kernelTypes: readonly KernelType[] = ['gaussian', 'gaussian-huang', 'linear', 'polynomial'];

export function parseKernel(input: unknown): Kernel {
  const parsed = kernelSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new KelmError('INVALID_OPTIONS', `invalid kernel${where}: ${issue?.message ?? 'unknown problem'}`);
  }
  return parsed.data;
}

/** A short description, e.g. "gaussian(sigma=3.9)". */
export function describeKernel(k: Kernel): string {
  switch (k.type) {
    case 'gaussian':
      return `gaussian(sigma=${k.sigma})`;
    case 'gaussian-huang':
      return `gaussian-huang(width=${k.width})`;
    case 'linear':
      return 'linear';
    case 'polynomial':
      return `polynomial(degree=${k.degree}, scale=${k.scale}, offset=${k.offset})`;
  }
}

/** The factor g in exp(-g ||a-b||^2), or null for kernels that are not distance-based. */
export function gaussianRate(k: Kernel): number | null {
  if (k.type === 'gaussian') return 1 / (2 * k.sigma * k.sigma);
  if (k.type === 'gaussian-huang') return 1 / k.width;
  return null;
}

/** Squared row norms of a (rows x d) tensor as a (rows x 1) column. */
export function rowSquaredNorms(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.sum(tf.square(x), 1, true));
}

/**
 * K(A, B) for A (m x d) and B given transposed (d x n) with squared norms aSq (m x 1) and bSq (1 x n).
 * B comes transposed because the WASM backend's matMul is an order of magnitude slower with transposeB.
 */
export function kernelBlock(k: Kernel, a: tf.Tensor2D, bT: tf.Tensor2D, aSq: tf.Tensor2D | null, bSq: tf.Tensor2D | null): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    const ab = tf.matMul<tf.Tensor2D>(a, bT);
    switch (k.type) {
      case 'linear':
        return ab;
      case 'polynomial':
        return tf.pow(tf.add(tf.mul(ab, k.scale), k.offset), k.degree) as tf.Tensor2D;
      default: {
        const g = gaussianRate(k)!;
        if (!aSq || !bSq) throw new KelmError('INVALID_OPTIONS', 'a distance kernel needs squared norms');
        // -g ||a-b||^2 = 2g a.b - g|a|^2 - g|b|^2, clamped at 0 where rounding makes a distance negative.
        const e = tf.sub(tf.sub(tf.mul(ab, 2 * g), tf.mul(aSq, g)), tf.mul(bSq, g));
        return tf.exp(tf.minimum(e, 0)) as tf.Tensor2D;
      }
    }
  });
}

export function needsNorms(k: Kernel): boolean {
  return gaussianRate(k) !== null;
}
