import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { maxAbsDiff, seededValues } from '../testing/reference.js';
import { activateWasm } from './activate.js';
import { col2imLimit } from './conv2d-backprop-input.js';

type Pad = 'same' | 'valid' | number;
type Shape4 = [number, number, number, number];

/** Runs `f` on the CPU backend, then on WASM with aelab's kernels, and returns both results. */
async function onBoth(f: () => Float32Array): Promise<{ cpu: Float32Array; wasm: Float32Array }> {
  await tf.setBackend('cpu');
  const cpu = f();
  expect((await activateWasm()).ok).toBe(true);
  return { cpu, wasm: f() };
}

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

describe('WASM Conv2DBackpropInput (conv2dTranspose and the input gradient of conv2d)', () => {
  afterEach(() => {
    col2imLimit.floats = 1 << 24;
  });

  const transposeCases: { x: Shape4; filter: Shape4; out: Shape4; strides: [number, number]; pad: Pad }[] = [
    // The cifar-conv decoder: 2x2 kernels, stride 2.
    { x: [3, 4, 4, 4], filter: [2, 2, 16, 4], out: [3, 8, 8, 16], strides: [2, 2], pad: 'valid' },
    { x: [2, 5, 6, 3], filter: [3, 3, 2, 3], out: [2, 5, 6, 2], strides: [1, 1], pad: 'same' },
    { x: [2, 4, 3, 2], filter: [3, 2, 3, 2], out: [2, 9, 6, 3], strides: [2, 2], pad: 'valid' },
    { x: [1, 3, 3, 2], filter: [3, 3, 1, 2], out: [1, 6, 6, 1], strides: [2, 2], pad: 'same' },
  ];
  for (const [index, c] of transposeCases.entries()) {
    it(`conv2dTranspose case ${index} (x ${c.x}, filter ${c.filter}, strides ${c.strides}, ${c.pad}) equals the CPU backend`, async () => {
      const x = seededValues(sizeOf(c.x), index + 1);
      const w = seededValues(sizeOf(c.filter), index + 50);
      const run = () => tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.out, c.strides, c.pad).dataSync() as Float32Array);
      const { cpu, wasm } = await onBoth(run);
      expect(wasm.length).toBe(sizeOf(c.out));
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-4);
      col2imLimit.floats = 1;
      expect(maxAbsDiff(run(), cpu)).toBeLessThan(1e-4);
    });
  }

  it('gives conv2d input gradients equal to the CPU backend (3x3 same, as the encoder)', async () => {
    const xs: Shape4 = [2, 6, 6, 5];
    const ws: Shape4 = [3, 3, 5, 4];
    const x = seededValues(sizeOf(xs), 7);
    const w = seededValues(sizeOf(ws), 8);
    const run = () =>
      tf.tidy(() => {
        const filter = tf.tensor4d(w, ws);
        const g = tf.grad((input: tf.Tensor) => tf.sum(tf.square(tf.conv2d(input as tf.Tensor4D, filter, 1, 'same'))))(tf.tensor4d(x, xs));
        return g.dataSync() as Float32Array;
      });
    const { cpu, wasm } = await onBoth(run);
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-3);
  });
});

describe('WASM MaxPoolGrad', () => {
  for (const [index, c] of [
    { x: [2, 8, 8, 3] as Shape4, size: 2, strides: 2, pad: 'valid' as Pad },
    { x: [1, 7, 5, 2] as Shape4, size: 3, strides: 2, pad: 'same' as Pad },
    { x: [2, 6, 6, 1] as Shape4, size: 3, strides: 1, pad: 'valid' as Pad },
  ].entries()) {
    it(`case ${index} (x ${c.x}, pool ${c.size}, strides ${c.strides}, ${c.pad}) equals the CPU backend`, async () => {
      const x = seededValues(sizeOf(c.x), index + 20);
      const run = () =>
        tf.tidy(() => {
          // Weights 1, 2, 3, ... on the pooled values: each window's gradient is distinct, so misrouted ones show.
          const pooled = (input: tf.Tensor) => tf.maxPool(input as tf.Tensor4D, c.size, c.strides, c.pad);
          const weights = (input: tf.Tensor) => tf.reshape(tf.range(1, 1 + sizeOf(pooled(input).shape)), pooled(input).shape);
          const g = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(pooled(input), weights(input))))(tf.tensor4d(x, c.x));
          return g.dataSync() as Float32Array;
        });
      const { cpu, wasm } = await onBoth(run);
      expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-4);
    });
  }
});
