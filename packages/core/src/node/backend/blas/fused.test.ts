// blas's fused kernels (Adam over all parameters, BCE, leading-axis Sum, DropConnect's masked product, im2col
// convolutions) against the same computation on tf.js's CPU backend, with the real addon.
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adamUpdate, adamUpdateAll, ADAM_ALL_KERNEL } from '../../../backend/fused/adam.js';
import { meanBceWithLogits } from '../../../backend/fused/bce.js';
import { maskedProduct, maskedProductGrad } from '../../../backend/fused/masked-product.js';
import { maxAbsDiff, seededValues } from '../../../backend/testing/reference.js';
import { Rng } from '../../../layers/random.js';
import { selectBackend } from '../select.js';
import { ADDON_FUNCTIONS, blasAddonPath, loadBlasAddon } from './addon.js';
import { createRequire } from 'node:module';

const built = existsSync(blasAddonPath());

interface Input {
  values: Float32Array;
  shape: number[];
}

const input = (shape: number[], seed: number, scale = 1): Input => ({ values: seededValues(shape.reduce((p, d) => p * d, 1), seed).map((v) => v * scale), shape });

/**
 * Runs `f` on fresh tensors of `inputs` on the CPU backend and on blas; returns both results' values, and checks on
 * blas that no input was written to and no tensor leaked.
 */
async function onBoth(inputs: Input[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; blas: Float32Array[] }> {
  const run = async (backend: string) => {
    await selectBackend(backend);
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => [f(...xs)].flat());
    const values = out.map((t) => t.dataSync().slice() as Float32Array);
    tf.dispose(out);
    expect(tf.memory().numTensors).toBe(before);
    xs.forEach((x, i) => expect(Array.from(x.dataSync())).toEqual(Array.from(inputs[i]!.values)));
    tf.dispose(xs);
    return values;
  };
  const cpu = await run('cpu');
  const blas = await run('blas');
  expect(blas.map((v) => v.length)).toEqual(cpu.map((v) => v.length));
  return { cpu, blas };
}

function expectAgree(r: { cpu: Float32Array[]; blas: Float32Array[] }, tolerance = 1e-5): void {
  r.blas.forEach((v, i) => {
    const scale = Math.max(1, ...Array.from(r.cpu[i]!, Math.abs));
    expect(maxAbsDiff(v, r.cpu[i]!)).toBeLessThan(tolerance * scale);
  });
}

afterAll(() => tf.setBackend('cpu'));

describe.skipIf(!built)('blas fused kernels agree with the CPU backend', () => {
  beforeAll(async () => {
    await selectBackend('blas');
  });

  it('Adam over every parameter in one call equals one adamUpdate per parameter', async () => {
    expect(tf.getKernel(ADAM_ALL_KERNEL, 'blas')).toBeDefined();
    const shapes = [[7, 5], [5], [1], [33]];
    const squared = (i: Input): Input => ({ ...i, values: i.values.map((v) => v * v) }); // second moments are >= 0
    const inputs = shapes.flatMap((shape, i) => [input(shape, 10 * i + 1), input(shape, 10 * i + 2), input(shape, 10 * i + 3, 0.1), squared(input(shape, 10 * i + 4, 0.1))]);
    const params = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 3 };
    const r = await onBoth(inputs, (...xs) => {
      const at = (j: number) => xs.filter((_, i) => i % 4 === j);
      const many = tf.getBackend() === 'blas' ? adamUpdateAll(at(0), at(1), at(2), at(3), params) : at(0).map((w, i) => adamUpdate(w, at(1)[i]!, at(2)[i]!, at(3)[i]!, params));
      return many.flatMap((u) => [u.w, u.m, u.v]);
    });
    expectAgree(r);
  });

  for (const shape of [[4, 9], [128, 3], [1], [2, 3, 5]]) {
    it(`mean BCE from logits and both its gradients, shape [${shape}]`, async () => {
      const labels = { ...input(shape, 1), values: input(shape, 1).values.map((v) => (v + 1) / 2) };
      // Logits of every size, including ones where e^-|l| underflows.
      const logits = { ...input(shape, 2, 40) };
      const r = await onBoth([labels, logits], (x, l) => {
        const [value, grads] = [meanBceWithLogits(x!, l!), tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mul(meanBceWithLogits(a, b), 3))([x!, l!])];
        return [value, ...grads];
      });
      expectAgree(r);
    });
  }

  it('BCE and its gradient are accurate for every logit from -100 to 100 (float64 reference)', async () => {
    await selectBackend('blas');
    const logits = Array.from({ length: 801 }, (_, i) => -100 + i / 4);
    const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
    for (const x of [0, 0.3, 1]) {
      for (const l of logits) {
        const got = tf.tidy(() => meanBceWithLogits(tf.tensor1d([x]), tf.tensor1d([l])).dataSync()[0]!);
        const want = softplus(l) - x * l;
        expect(Math.abs(got - want), `x=${x} l=${l}`).toBeLessThanOrEqual(1e-7 + 2e-7 * Math.abs(want));
      }
      const [, dl] = tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => meanBceWithLogits(a, b))([tf.fill([logits.length], x), tf.tensor1d(logits)]).map((g) => g.dataSync().slice()));
      const want = logits.map((l) => (1 / (1 + Math.exp(-l)) - x) / logits.length);
      // About two float32 ulps of σ near 1.
      expect(maxAbsDiff(dl!, want)).toBeLessThan(2.5e-7 / logits.length);
    }
  });

  const sums: [number[], number | number[], boolean][] = [
    [[128, 10], 0, false],
    [[6, 4, 5], [1, 0], true],
    [[6, 4, 5], [0, 1, 2], false],
    [[9], -1, false],
    [[3, 4], 1, false], // not leading: the WASM kernel
    [[0, 4], 0, false],
  ];
  for (const [shape, axis, keepDims] of sums) {
    it(`Sum of [${shape}] over axis ${JSON.stringify(axis)}${keepDims ? ' keeping dims' : ''}`, async () => {
      const r = await onBoth([input(shape, 5)], (x) => tf.sum(x!, axis, keepDims));
      expectAgree(r);
    });
  }

  // [a, b]: a bias on rows either side, a scalar, same shapes and general broadcasting (the last three: WASM's).
  const adds: [number[], number[]][] = [
    [[128, 10], [10]],
    [[4], [2, 3, 4]],
    [[2, 3, 4, 5], [4, 5]],
    [[3, 4], [1]],
    [[3, 4], [3, 4]],
    [[3, 1], [1, 4]],
  ];
  for (const [aShape, bShape] of adds) {
    it(`Add of [${aShape}] and [${bShape}] and its gradients`, async () => {
      const r = await onBoth([input(aShape, 1), input(bShape, 2)], (a, b) => {
        const weights = tf.tensor(seededValues(tf.tidy(() => tf.add(a!, b!).size), 3));
        return [tf.add(a!, b!), ...tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.add(x, y), [-1]), weights)))([a!, b!])];
      });
      expectAgree(r);
    });
  }

  for (const inputGradient of [true, false]) {
    it(`DropConnect's masked product and its gradients (input gradient ${inputGradient})`, async () => {
      const [batch, inputs, units] = [5, 7, 6];
      const mask = { shape: [batch, inputs, units], values: new Rng(3).bernoulliArray(batch * inputs * units, 0.6) };
      const r = await onBoth([input([batch, inputs], 1), input([inputs, units], 2), mask, input([batch, units], 4)], (x, w, m, dy) => [
        maskedProduct(x as tf.Tensor2D, w as tf.Tensor2D, m as tf.Tensor3D),
        ...maskedProductGrad(x as tf.Tensor2D, w as tf.Tensor2D, m as tf.Tensor3D, dy as tf.Tensor2D, inputGradient),
      ]);
      expectAgree(r);
    });
  }

  // [x shape, filter size, filters, strides, padding, dilation]; thin filters (THIN_CONV_WEIGHTS) in blocks of four
  // take the WASM SIMD loops, the 16-channel one and those not in blocks of four the native im2col + sgemm.
  const convs: [[number, number, number, number], number, number, number, 'same' | 'valid', number][] = [
    [[2, 6, 6, 3], 3, 4, 1, 'same', 1],
    [[2, 7, 5, 2], 3, 3, 2, 'same', 1],
    [[1, 8, 8, 1], 2, 5, 2, 'valid', 1],
    [[3, 5, 6, 4], 1, 2, 1, 'valid', 1],
    [[1, 9, 9, 2], 3, 2, 1, 'same', 2],
    [[2, 5, 5, 16], 3, 16, 1, 'same', 1],
  ];
  for (const [xShape, size, filters, stride, pad, dilation] of convs) {
    const label = `x [${xShape}], ${size}x${size}x${filters}, stride ${stride}, ${pad}, dilation ${dilation}`;
    it(`conv2d${dilation > 1 ? '' : ' and its input and filter gradients'}: ${label}`, async () => {
      const r = await onBoth([input(xShape, 1), input([size, size, xShape[3], filters], 2)], (x, f) => {
        const y = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad, 'NHWC', dilation);
        const weights = tf.tensor(seededValues(y.size, 9), y.shape);
        // tf.js has no gradient for dilated convolutions.
        if (dilation > 1) return y;
        return [y, ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad, 'NHWC', dilation), weights)))([x!, f!])];
      });
      expectAgree(r);
    });
    if (dilation === 1) {
      it(`conv2dTranspose and its gradients: ${label}`, async () => {
        const out = tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>(xShape), tf.zeros<tf.Rank.R4>([size, size, xShape[3], filters]), stride, pad).shape);
        const r = await onBoth([input(out, 3), input([size, size, xShape[3], filters], 4)], (y, f) => {
          const t = (a: tf.Tensor, b: tf.Tensor) => tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, xShape, stride, pad);
          const weights = tf.tensor(seededValues(xShape.reduce((p, d) => p * d, 1), 8), xShape);
          return [t(y!, f!), ...tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(t(a, b), weights)))([y!, f!])];
        });
        expectAgree(r);
      });
    }
  }

  // [x shape, pool, stride, padding]; relu-like inputs with ties (zeros) check which input of a window gets dy. Tiling
  // windows over channels in blocks of four take the WASM SIMD loop, the rest the native pass.
  const pools: [[number, number, number, number], number, number, 'same' | 'valid'][] = [
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[2, 8, 8, 4], 2, 2, 'valid'],
    [[1, 7, 5, 2], 3, 2, 'same'],
    [[2, 6, 6, 1], 3, 1, 'valid'],
  ];
  for (const [xShape, size, stride, pad] of pools) {
    it(`maxPool's gradient: x [${xShape}], pool ${size}, stride ${stride}, ${pad}`, async () => {
      const x = input(xShape, 6);
      const r = await onBoth([{ ...x, values: x.values.map((v) => Math.max(0, v)) }], (xs) => {
        const weights = tf.tensor(seededValues(tf.tidy(() => tf.maxPool(xs as tf.Tensor4D, size, stride, pad).size), 7));
        const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.maxPool(a as tf.Tensor4D, size, stride, pad), [-1]), weights));
        return tf.grad(f)(xs!);
      });
      expectAgree(r);
    });
  }

  it('casts to the same dtype without a copy, and converts otherwise', async () => {
    const r = await onBoth([input([4, 5], 1, 3)], (x) => [tf.cast(x!, 'float32'), tf.cast(tf.cast(tf.cast(x!, 'int32'), 'int32'), 'float32')]);
    expectAgree(r);
  });

  it('exports exactly the functions the loader checks for (a stale build is refused by name)', () => {
    const exported = Object.keys(createRequire(import.meta.url)(blasAddonPath()) as object).sort();
    expect(exported).toEqual([...ADDON_FUNCTIONS].sort());
  });

  it('runs in worker threads too, each with its own conv scratch buffer', async () => {
    // A filter gradient of x [2, 9, 9, 3] and dy [2, 9, 9, 4] (3x3, stride 1, same): computed at once in two workers
    // and here, all alike.
    const geometry = [2, 9, 9, 3, 9, 9, 4, 3, 3, 1, 1, 1, 1, 1, 1];
    const x = seededValues(2 * 9 * 9 * 3, 1);
    const dy = seededValues(2 * 9 * 9 * 4, 2);
    const loaded = loadBlasAddon();
    if (!loaded.ok) throw new Error(loaded.reason);
    const here = new Float32Array(3 * 3 * 3 * 4);
    loaded.addon.conv(2, x, dy, here, ...geometry);
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      const addon = require(workerData.path);
      const out = new Float32Array(108);
      for (let i = 0; i < 50; i++) addon.conv(2, workerData.x, workerData.dy, out, ...workerData.geometry);
      parentPort.postMessage(out);`;
    const run = () =>
      new Promise<Float32Array>((resolve, reject) => {
        const worker = new Worker(source, { eval: true, workerData: { path: blasAddonPath(), x, dy, geometry } });
        worker.once('message', (m: Float32Array) => void worker.terminate().then(() => resolve(m)));
        worker.once('error', reject);
      });
    const results = await Promise.all([run(), run()]);
    for (const r of results) expect(Array.from(r)).toEqual(Array.from(here));
  });
});
