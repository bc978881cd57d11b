import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { KelmError } from './errors.js';
import { describeKernel, kernelBlock, parseKernel, rowSquaredNorms, type Kernel } from './kernels.js';

function block(kernel: Kernel, a: number[][], b: number[][]): number[][] {
  return tf.tidy(() => {
    const at = tf.tensor2d(a);
    const bT = tf.transpose(tf.tensor2d(b)) as tf.Tensor2D;
    const bSq = tf.transpose(rowSquaredNorms(tf.tensor2d(b))) as tf.Tensor2D;
    return kernelBlock(kernel, at, bT, rowSquaredNorms(at), bSq).arraySync();
  });
}

describe('kernels', () => {
  const a = [
    [0, 0],
    [1, 2],
  ];
  const b = [
    [3, 4],
    [1, 0],
    [0, 0],
  ];

  it('gaussian: exp(-d^2 / (2 sigma^2))', () => {
    const k = block(parseKernel({ type: 'gaussian', sigma: 2 }), a, b);
    // squared distances: row 0 -> 25, 1, 0; row 1 -> 8, 4, 5
    const want = [
      [25, 1, 0],
      [8, 4, 5],
    ].map((r) => r.map((d2) => Math.exp(-d2 / 8)));
    k.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 6)));
  });

  it('gaussian-huang with width = 2 sigma^2 is the same kernel', () => {
    const g = block(parseKernel({ type: 'gaussian', sigma: 1.7 }), a, b);
    const h = block(parseKernel({ type: 'gaussian-huang', width: 2 * 1.7 * 1.7 }), a, b);
    g.forEach((row, i) => row.forEach((v, j) => expect(h[i]![j]).toBeCloseTo(v, 6)));
  });

  it('linear and polynomial', () => {
    expect(block(parseKernel({ type: 'linear' }), a, b)).toEqual([
      [0, 0, 0],
      [11, 1, 0],
    ]);
    const p = block(parseKernel({ type: 'polynomial', degree: 2, scale: 0.5, offset: 1 }), a, b);
    expect(p[1]).toEqual([(0.5 * 11 + 1) ** 2, (0.5 + 1) ** 2, 1]);
  });

  it('rejects bad parameters with INVALID_OPTIONS', () => {
    for (const bad of [{ type: 'gaussian', sigma: 0 }, { type: 'gaussian-huang' }, { type: 'rbf', sigma: 1 }, { type: 'polynomial', degree: 1.5 }]) {
      expect(() => parseKernel(bad)).toThrow(KelmError);
    }
    expect(describeKernel(parseKernel({ type: 'polynomial', degree: 3 }))).toBe('polynomial(degree=3, scale=1, offset=1)');
  });
});
