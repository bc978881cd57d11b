import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, referenceConv2d, seededValues } from '../testing/reference.js';
import { activateWasm } from './activate.js';
import { im2colLimit } from './conv2d-backprop-filter.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
}

const cases: Case[] = [
  { x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { x: [2, 8, 6, 2], filter: [3, 2, 2, 5], strides: [2, 2], pad: 'valid' },
  { x: [3, 8, 8, 3], filter: [3, 3, 3, 2], strides: [2, 2], pad: 'same' },
  { x: [1, 6, 5, 2], filter: [2, 3, 2, 3], strides: [1, 2], pad: 1 },
  { x: [2, 5, 6, 1], filter: [3, 3, 1, 2], strides: [1, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
];

/** The filter gradient through the kernel, on whatever backend is active. */
function backpropFilter(c: Case, xValues: Float32Array, dyValues: Float32Array, dyShape: number[], dataFormat: 'NHWC' | 'NCHW' = 'NHWC'): Float32Array {
  return tf.tidy(() => {
    let x = tf.tensor4d(xValues, c.x);
    let dy = tf.tensor(dyValues, dyShape);
    if (dataFormat === 'NCHW') {
      x = tf.transpose(x, [0, 3, 1, 2]);
      dy = tf.transpose(dy, [0, 3, 1, 2]);
    }
    const out = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: c.strides, pad: c.pad, dataFormat, filterShape: c.filter }) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

function outShape(c: Case): number[] {
  return tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape);
}

describe('WASM Conv2DBackpropFilter', () => {
  afterEach(() => {
    im2colLimit.floats = 1 << 24;
  });

  for (const [index, c] of cases.entries()) {
    it(`case ${index} (x ${c.x}, filter ${c.filter}, strides ${c.strides}, pad ${JSON.stringify(c.pad)}) equals the CPU backend`, async () => {
      await tf.setBackend('cpu');
      const dyShape = outShape(c);
      const xValues = seededValues(c.x.reduce((p, d) => p * d), index + 1);
      const dyValues = seededValues(dyShape.reduce((p, d) => p * d), index + 100);
      const cpu = backpropFilter(c, xValues, dyValues, dyShape);
      expect((await activateWasm()).ok).toBe(true);
      const wasm = backpropFilter(c, xValues, dyValues, dyShape);
      expect(wasm.length).toBe(c.filter.reduce((p, d) => p * d));
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-4);
      // In chunks of one sample the sum over the batch must come out the same.
      im2colLimit.floats = 1;
      expect(maxAbsDiff(backpropFilter(c, xValues, dyValues, dyShape), cpu)).toBeLessThan(1e-4);
    });
  }

  it('handles NCHW inputs', async () => {
    const c = cases[2]!;
    await tf.setBackend('cpu');
    const dyShape = outShape(c);
    const xValues = seededValues(c.x.reduce((p, d) => p * d), 5);
    const dyValues = seededValues(dyShape.reduce((p, d) => p * d), 6);
    const expected = backpropFilter(c, xValues, dyValues, dyShape);
    expect((await activateWasm()).ok).toBe(true);
    expect(maxAbsDiff(backpropFilter(c, xValues, dyValues, dyShape, 'NCHW'), expected)).toBeLessThan(1e-4);
  });

  it('gives conv2d filter gradients equal to finite differences', async () => {
    expect((await activateWasm()).ok).toBe(true);
    // L(W) = Σ conv2d(x, W) · R is linear in W, so central differences of a float64 reference are exact.
    const xShape: [number, number, number, number] = [2, 6, 5, 2];
    const wShape: [number, number, number, number] = [3, 3, 2, 3];
    const x = seededValues(2 * 6 * 5 * 2, 11);
    const w = seededValues(3 * 3 * 2 * 3, 12);
    const geometry = { strides: [2, 2] as [number, number], pad: [1, 1, 1, 1] as [number, number, number, number] };
    const outShape4 = referenceConv2d(x, xShape, w, wShape, geometry).shape;
    const r = seededValues(outShape4.reduce((p, d) => p * d), 13);
    const loss = (weights: Float64Array) => referenceConv2d(x, xShape, weights, wShape, geometry).values.reduce((s, v, i) => s + v * r[i]!, 0);
    const numeric = new Float64Array(w.length);
    const h = 1e-3;
    for (let i = 0; i < w.length; i++) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[i]! += h;
      minus[i]! -= h;
      numeric[i] = (loss(plus) - loss(minus)) / (2 * h);
    }
    const analytic = tf.tidy(() => {
      const xt = tf.tensor4d(x, xShape);
      const rt = tf.tensor4d(r, outShape4);
      const g = tf.grad((wt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, wt as tf.Tensor4D, 2, 1), rt)))(tf.tensor4d(w, wShape));
      return g.dataSync() as Float32Array;
    });
    expect(maxAbsDiff(analytic, numeric)).toBeLessThan(1e-4);
  });
});
