import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanBceWithLogits } from '../../fused/bce.js';
import { maxAbsDiff, seededValues } from '../../testing/reference.js';
import { activateWasm } from '../activate.js';
import type { WasmBackend } from '../kernel-utils.js';
import { simdConv2D, simdConv2DBackpropFilter, simdConv2DBackpropInput, simdMaxPoolGrad } from './conv.js';

/*
 * The SIMD kernels (conv.wat, rows.wat, bce.wat) against tf.js's CPU backend, the reference: every loop variant
 * (filter blocks of 16 or 4, channel blocks of 4 or 1, channels not a multiple of 4, padding, strides, dilations),
 * each checked to have taken the SIMD path, and no tensor or WASM buffer left behind.
 */

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number;
const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

let wasm: WasmBackend;

beforeAll(async () => {
  expect((await activateWasm()).ok).toBe(true);
  wasm = tf.backend() as unknown as WasmBackend;
});

/** `f` on the CPU backend, then on WASM with aelab's kernels; asserts that WASM kept no tensor or buffer. */
async function onBoth<T>(f: () => T): Promise<{ cpu: T; wasm: T }> {
  await tf.setBackend('cpu');
  const cpu = f();
  await tf.setBackend('wasm');
  const tensors = tf.memory().numTensors;
  const buffers = tf.backend().numDataIds();
  const out = f();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.backend().numDataIds()).toBe(buffers);
  return { cpu, wasm: out };
}

function info(t: tf.Tensor): TensorInfo {
  return { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
}

/** A SIMD function's result, which must exist (the case is covered), as values; its buffer is freed. */
function read(out: TensorInfo | null): Float32Array {
  expect(out).not.toBeNull();
  const t = tf.engine().makeTensorFromTensorInfo(out!);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

interface ConvCase {
  x: Shape4;
  filter: Shape4;
  strides: [number, number];
  pad: Pad;
}

const convCases: ConvCase[] = [
  // The cifar-conv layers: 3 -> 16 and 16 -> 4 (3x3 same), 4 -> 16 and 16 -> 3 (2x2 stride 2, as transposed convs).
  { x: [3, 8, 8, 3], filter: [3, 3, 3, 16], strides: [1, 1], pad: 'same' },
  { x: [2, 6, 6, 16], filter: [3, 3, 16, 4], strides: [1, 1], pad: 'same' },
  { x: [2, 8, 8, 16], filter: [2, 2, 16, 4], strides: [2, 2], pad: 'valid' },
  { x: [2, 8, 8, 3], filter: [2, 2, 3, 16], strides: [2, 2], pad: 'valid' },
  // Channel counts that are not multiples of 4, 8 and 32 filters, odd sizes, strides with 'same', explicit padding.
  { x: [2, 7, 5, 5], filter: [3, 3, 5, 8], strides: [1, 1], pad: 'same' },
  { x: [1, 9, 7, 2], filter: [3, 2, 2, 32], strides: [2, 2], pad: 'same' },
  { x: [2, 6, 7, 8], filter: [2, 3, 8, 12], strides: [1, 2], pad: 1 },
  { x: [1, 5, 5, 1], filter: [3, 3, 1, 4], strides: [1, 1], pad: 'valid' },
  // Stride 1 with dx channels in blocks of 4 and 16: input gradients gathered rather than scattered.
  { x: [2, 6, 8, 4], filter: [3, 3, 4, 8], strides: [1, 1], pad: 'same' },
  { x: [1, 6, 8, 16], filter: [3, 2, 16, 4], strides: [1, 1], pad: 'valid' },
];

function outputShape(c: ConvCase): Shape4 {
  return tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad).shape as Shape4);
}

function convInfo(c: ConvCase): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
}

describe('conv.wat: Conv2D', () => {
  for (const [index, c] of convCases.entries()) {
    it(`case ${index}: x ${c.x}, filter ${c.filter}, strides ${c.strides}, ${c.pad}`, async () => {
      const x = seededValues(sizeOf(c.x), index + 11);
      const w = seededValues(sizeOf(c.filter), index + 12);
      const run = () => tf.tidy(() => tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.strides, c.pad).dataSync() as Float32Array);
      const { cpu, wasm: got } = await onBoth(run);
      expect(maxAbsDiff(got, cpu)).toBeLessThan(1e-5);
      // The loops take 16 filters at a time, or 4 filters by 4 output columns.
      const [, , ow, o] = outputShape(c);
      const covered = o % 16 === 0 || (o % 4 === 0 && ow % 4 === 0);
      tf.tidy(() => {
        const out = simdConv2D(wasm, info(tf.tensor4d(x, c.x)), info(tf.tensor4d(w, c.filter)), convInfo(c));
        if (covered) expect(maxAbsDiff(read(out), cpu)).toBeLessThan(1e-5);
        else expect(out).toBeNull();
      });
    });
  }
});

describe('conv.wat: Conv2DBackpropFilter', () => {
  for (const [index, c] of convCases.entries()) {
    it(`case ${index}: x ${c.x}, filter ${c.filter}, strides ${c.strides}, ${c.pad}`, async () => {
      const dyShape = outputShape(c);
      const x = seededValues(sizeOf(c.x), index + 1);
      const dy = seededValues(sizeOf(dyShape), index + 100);
      // Through the gradient of conv2d, as training runs it.
      const run = () =>
        tf.tidy(() => {
          const xt = tf.tensor4d(x, c.x);
          const dyt = tf.tensor4d(dy, dyShape);
          const g = tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, w as tf.Tensor4D, c.strides, c.pad), dyt)))(tf.zeros(c.filter));
          return g.dataSync() as Float32Array;
        });
      const { cpu, wasm: got } = await onBoth(run);
      expect(maxAbsDiff(got, cpu)).toBeLessThan(1e-4);
      // And the SIMD loops are what ran.
      const direct = tf.tidy(() => read(simdConv2DBackpropFilter(wasm, info(tf.tensor4d(x, c.x)), info(tf.tensor4d(dy, dyShape)), convInfo(c))));
      expect(maxAbsDiff(direct, cpu)).toBeLessThan(1e-4);
    });
  }
});

describe('conv.wat: Conv2DBackpropInput', () => {
  for (const [index, c] of convCases.entries()) {
    it(`case ${index}: x ${c.x}, filter ${c.filter}, strides ${c.strides}, ${c.pad}`, async () => {
      const dyShape = outputShape(c);
      const w = seededValues(sizeOf(c.filter), index + 7);
      const dy = seededValues(sizeOf(dyShape), index + 70);
      const run = () =>
        tf.tidy(() => {
          const wt = tf.tensor4d(w, c.filter);
          const dyt = tf.tensor4d(dy, dyShape);
          const g = tf.grad((xt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt as tf.Tensor4D, wt, c.strides, c.pad), dyt)))(tf.zeros(c.x));
          return g.dataSync() as Float32Array;
        });
      const { cpu, wasm: got } = await onBoth(run);
      expect(maxAbsDiff(got, cpu)).toBeLessThan(1e-4);
      const direct = tf.tidy(() => read(simdConv2DBackpropInput(wasm, info(tf.tensor4d(dy, dyShape)), info(tf.tensor4d(w, c.filter)), convInfo(c))));
      expect(maxAbsDiff(direct, cpu)).toBeLessThan(1e-4);
    });
  }

  it('is conv2dTranspose forward pass (the decoder layers)', async () => {
    const x = seededValues(2 * 4 * 4 * 16, 3);
    const w = seededValues(2 * 2 * 3 * 16, 4);
    const run = () => tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(x, [2, 4, 4, 16]), tf.tensor4d(w, [2, 2, 3, 16]), [2, 8, 8, 3], 2, 'valid').dataSync() as Float32Array);
    const { cpu, wasm: got } = await onBoth(run);
    expect(maxAbsDiff(got, cpu)).toBeLessThan(1e-5);
  });
});

describe('conv.wat: MaxPoolGrad', () => {
  const cases: { x: Shape4; size: [number, number]; leftover?: boolean }[] = [
    { x: [2, 8, 8, 16], size: [2, 2] },
    { x: [3, 6, 6, 4], size: [2, 2] },
    { x: [1, 7, 9, 8], size: [2, 2], leftover: true },
    { x: [2, 6, 6, 4], size: [3, 2] },
  ];
  for (const [index, c] of cases.entries()) {
    it(`case ${index}: x ${c.x}, pool ${c.size}${c.leftover ? ' (rows and columns no window covers)' : ''}, with ties`, async () => {
      // Values on a coarse grid, so windows hold ties: the first largest element must take the gradient.
      const x = seededValues(sizeOf(c.x), index + 30).map((v) => Math.round(v * 2) / 2);
      const run = () =>
        tf.tidy(() => {
          const pooled = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, c.size, c.size, 'valid');
          const shape = pooled(tf.zeros(c.x)).shape;
          // Distinct weights per pooled value, so misrouted gradients show.
          const weights = tf.reshape(tf.range(1, 1 + sizeOf(shape)), shape);
          return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pooled(t), weights)))(tf.tensor4d(x, c.x)).dataSync() as Float32Array;
        });
      const { cpu, wasm: got } = await onBoth(run);
      expect(maxAbsDiff(got, cpu)).toBe(0);
      const poolInfo = tf.backend_util.computePool2DInfo(c.x, c.size, c.size, 1, 'valid');
      const direct = tf.tidy(() => {
        const dy = tf.reshape(tf.range(1, 1 + poolInfo.batchSize * poolInfo.outHeight * poolInfo.outWidth * poolInfo.outChannels), [poolInfo.batchSize, poolInfo.outHeight, poolInfo.outWidth, poolInfo.outChannels]);
        return read(simdMaxPoolGrad(wasm, info(dy), info(tf.tensor4d(x, c.x)), poolInfo));
      });
      expect(maxAbsDiff(direct, cpu)).toBe(0);
    });
  }

  it('passes NaNs over and drops windows of -Infinity, as the CPU backend does', async () => {
    const x = Float32Array.from([NaN, 1, -Infinity, 3, 0, NaN, -Infinity, 4, 7, 7, -Infinity, 7, -1, -2, NaN, 0]);
    // One 2x2 window per channel: [1, 2, 2, 4] with channels 0..3 taking elements i, i+4, i+8, i+12.
    const run = () =>
      tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d(x, [1, 2, 2, 4])).dataSync() as Float32Array);
    const { cpu, wasm: got } = await onBoth(run);
    expect(Array.from(got)).toEqual(Array.from(cpu));
  });
});

describe('rows.wat: bias Add and Sum', () => {
  for (const shape of [
    [5, 3],
    [2, 4, 4, 3],
    [3, 5, 16],
    [7, 4],
    [2, 3, 3, 5],
    [9, 1000],
  ]) {
    it(`adds a bias along the last axis of [${shape}] exactly as the CPU backend, either operand first`, async () => {
      const c = shape[shape.length - 1]!;
      const x = seededValues(sizeOf(shape), 1);
      const b = seededValues(c, 2);
      const run = () =>
        tf.tidy(() => {
          const xt = tf.tensor(x, shape);
          return [tf.add(xt, tf.tensor1d(b)), tf.add(tf.tensor(b, [1, c]), xt), tf.add(xt, tf.tensor(b, [...shape.map(() => 1).slice(1), c]))].map((t) => t.dataSync() as Float32Array);
        });
      const { cpu, wasm: got } = await onBoth(run);
      for (let i = 0; i < cpu.length; i++) expect(maxAbsDiff(got[i]!, cpu[i]!)).toBe(0);
    });

    it(`sums [${shape}] over leading axes and over everything as the CPU backend`, async () => {
      const x = seededValues(sizeOf(shape), 3);
      const run = () =>
        tf.tidy(() => {
          const xt = tf.tensor(x, shape);
          const leading = Array.from({ length: shape.length - 1 }, (_, i) => i);
          return [tf.sum(xt, leading), tf.sum(xt, leading, true), tf.sum(xt), tf.sum(xt, 0)].map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
        });
      const { cpu, wasm: got } = await onBoth(run);
      for (let i = 0; i < cpu.length; i++) {
        expect(got[i]!.shape).toEqual(cpu[i]!.shape);
        // The CPU backend sums in float64; these sum blocks of 16 rows in float32 (9,000 terms of ±1: ~1e-6 apart).
        for (let j = 0; j < cpu[i]!.values.length; j++) expect(Math.abs(got[i]!.values[j]! - cpu[i]!.values[j]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(cpu[i]!.values[j]!)));
      }
    });
  }

  it('sums 400,000 values as accurately as float64 (tf.js\'s WASM Sum drifts in float32)', async () => {
    await tf.setBackend('wasm');
    const x = new Float32Array(400_000).fill(0.1);
    const got = tf.tidy(() => tf.sum(tf.tensor1d(x)).dataSync()[0]!);
    expect(Math.abs(got - 400_000 * Math.fround(0.1)) / 40_000).toBeLessThan(3e-7);
  });
});

describe('bce.wat: meanBceWithLogits', () => {
  // Logits from tiny to beyond the exp clamp, and labels in [0, 1]; 1,027 elements so the JavaScript tail runs too.
  const n = 1027;
  const logits = seededValues(n, 5).map((v, i) => (i % 7 === 0 ? v * 120 : i % 5 === 0 ? v * 1e-6 : v * 12));
  const labels = seededValues(n, 6).map((v) => (v + 1) / 2);

  it('gives the loss and both gradients of the CPU backend', async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(labels, [1, n]);
        const l = tf.tensor2d(logits, [1, n]);
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => meanBceWithLogits(a, b))([x, l]);
        return [value.dataSync()[0]!, grads[0]!.dataSync() as Float32Array, grads[1]!.dataSync() as Float32Array] as const;
      });
    const { cpu, wasm: got } = await onBoth(run);
    expect(Math.abs(got[0] - cpu[0]) / cpu[0]).toBeLessThan(1e-6);
    expect(maxAbsDiff(got[1], cpu[1])).toBeLessThan(1e-8);
    expect(maxAbsDiff(got[2], cpu[2])).toBeLessThan(1e-8);
    expect(tf.getKernel('AelabBceWithLogits', 'wasm')).toBeDefined();
  });

  it('matches float64 softplus(l) - x·l to float32 precision', async () => {
    await tf.setBackend('wasm');
    const got = tf.tidy(() => meanBceWithLogits(tf.tensor1d(labels), tf.tensor1d(logits)).dataSync()[0]!);
    let want = 0;
    for (let i = 0; i < n; i++) want += Math.max(logits[i]!, 0) - labels[i]! * logits[i]! + Math.log1p(Math.exp(-Math.abs(logits[i]!)));
    expect(Math.abs(got - want / n) / (want / n)).toBeLessThan(1e-6);
  });
});

describe('Identity and Cast on WASM', () => {
  it('share the buffer instead of copying, and free it with the last reference', async () => {
    await tf.setBackend('wasm');
    const buffers = tf.backend().numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    const z = tf.cast(x, 'float32');
    expect(tf.backend().numDataIds()).toBe(buffers + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3]);
    z.dispose();
    expect(tf.backend().numDataIds()).toBe(buffers);
    // A real conversion is still a conversion.
    expect(tf.tidy(() => Array.from(tf.cast(tf.tensor1d([1.7, -2.2]), 'int32').dataSync()))).toEqual([1, -2]);
    expect(tf.backend().numDataIds()).toBe(buffers);
  });
});
