import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, referenceMatMul, seededValues } from '../../backend/testing/reference.js';
import { selectBackend } from './select.js';

// A file of its own: WASM initialises once per process, and this one must start it with two threads.
describe('WASM with XNNPACK threads in Node', () => {
  it('starts with 2 threads and computes the same products', async () => {
    const s = await selectBackend('wasm', { wasmThreads: 2 });
    expect(s.detail).toMatch(/, 2 threads$/);
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      const [m, k, n] = [70, 90, 110];
      const aShape: [number, number] = tA ? [k, m] : [m, k];
      const bShape: [number, number] = tB ? [n, k] : [k, n];
      const a = seededValues(m * k, 1);
      const b = seededValues(k * n, 2);
      const values = tf.tidy(() => tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), tA, tB).dataSync());
      expect(maxAbsDiff(values, referenceMatMul(a, aShape, b, bShape, tA, tB))).toBeLessThan(1e-4);
    }
  });
});
