import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { availableTestBackends, useBackend } from '../../node/backend/testing.js';
import { maxAbsDiff, seededValues } from '../testing/reference.js';
import { WEIGHT_NORM_KERNEL, weightNorm } from './weight-norm.js';

const backends = await availableTestBackends();

describe.each(backends)('weightNorm on %s', (backend) => {
  it('sums |w| and w² as computed by hand, with a zero among the weights', async () => {
    await useBackend(backend);
    const values = [0.5, -2, 0, 3.25, -0.125];
    const w = tf.tensor1d(values);
    expect((await weightNorm(w, 1).data())[0]).toBeCloseTo(5.875, 5);
    expect((await weightNorm(w, 2).data())[0]).toBeCloseTo(0.25 + 4 + 0 + 10.5625 + 0.015625, 4);
    tf.dispose(w);
  });

  it('has the gradients of autodiff through tf.sum(tf.abs(w)) and tf.sum(tf.square(w)), scaled by dy', async () => {
    await useBackend(backend);
    // An odd size, so no path can lean on multiples of four.
    const w = tf.tensor2d(seededValues(7 * 13, 3, -1, 1), [7, 13]);
    const before = tf.memory().numTensors;
    for (const p of [1, 2] as const) {
      const ours = tf.grad((x: tf.Tensor) => tf.mul(weightNorm(x, p), 0.3))(w);
      const theirs = tf.grad((x: tf.Tensor) => tf.mul(p === 1 ? tf.sum(tf.abs(x)) : tf.sum(tf.square(x)), 0.3))(w);
      expect(maxAbsDiff(await ours.data(), await theirs.data())).toBeLessThan(1e-6);
      tf.dispose([ours, theirs]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(w);
  });

  it('gives |w| the subgradient 0 at w = 0', async () => {
    await useBackend(backend);
    const w = tf.tensor1d([0, 1, -1]);
    const g = tf.grad((x: tf.Tensor) => weightNorm(x, 1))(w);
    expect(Array.from(await g.data())).toEqual([0, 1, -1]);
    tf.dispose([w, g]);
  });
});

describe('weightNorm kernels', () => {
  it('are registered where the backend is WASM-based', async () => {
    for (const backend of backends.filter((b) => b === 'wasm' || b === 'blas')) {
      await useBackend(backend);
      expect(tf.getKernel(WEIGHT_NORM_KERNEL, backend)).toBeDefined();
    }
  });
});
