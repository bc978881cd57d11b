import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { meanBceWithLogits } from '../../backend/fused/bce.js';
import { maxAbsDiff, referenceMatMul, seededValues } from '../../backend/testing/reference.js';
import type { WasmBackend } from '../../backend/wasm/kernel-utils.js';
import { simdConv2DBackpropFilter } from '../../backend/wasm/simd/conv.js';
import { backendMemory } from '../../backend/wasm/simd/instance.js';
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

  it("runs aelab's SIMD kernels on the threaded build's shared memory, as the CPU backend computes", async () => {
    await selectBackend('wasm', { wasmThreads: 2 });
    expect(backendMemory(tf.backend())!.buffer).toBeInstanceOf(SharedArrayBuffer);
    const x = seededValues(2 * 8 * 8 * 3, 1);
    const w = seededValues(3 * 3 * 3 * 16, 2);
    // A conv layer with its bias and loss: Conv2D, Add, Sum, Conv2DBackpropFilter/Input, MaxPoolGrad and BCE.
    const step = () =>
      tf.tidy(() => {
        const xt = tf.tensor4d(x, [2, 8, 8, 3]);
        const loss = (input: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) => {
          const h = tf.maxPool(tf.relu(tf.add(tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same'), bias)) as tf.Tensor4D, 2, 2, 'valid');
          return meanBceWithLogits(tf.fill(h.shape, 0.25), h);
        };
        const { value, grads } = tf.valueAndGrads(loss)([xt, tf.tensor4d(w, [3, 3, 3, 16]), tf.linspace(-0.1, 0.1, 16)]);
        return [value.dataSync()[0]!, ...grads.map((g) => g.dataSync() as Float32Array)] as const;
      });
    const wasm = step();
    const info = tf.backend_util.computeConv2DInfo([2, 8, 8, 3], [3, 3, 3, 16], 1, 1, 'same');
    tf.tidy(() => {
      const t = (values: Float32Array, shape: number[]) => {
        const tensor = tf.tensor(values, shape);
        return { dataId: tensor.dataId, shape: tensor.shape, dtype: tensor.dtype };
      };
      const out = simdConv2DBackpropFilter(tf.backend() as unknown as WasmBackend, t(x, [2, 8, 8, 3]), t(seededValues(2 * 8 * 8 * 16, 3), [2, 8, 8, 16]), info);
      expect(out).not.toBeNull();
      tf.engine().makeTensorFromTensorInfo(out!);
    });
    await tf.setBackend('cpu');
    const cpu = step();
    await tf.setBackend('wasm');
    expect(Math.abs(wasm[0] - cpu[0])).toBeLessThan(1e-6);
    for (let i = 1; i < cpu.length; i++) expect(maxAbsDiff(wasm[i] as Float32Array, cpu[i] as Float32Array)).toBeLessThan(1e-5);
  });

  it('starts with 2 threads inside a worker thread too (the server trains in worker threads)', async () => {
    // Worker threads don't inherit tsx's loader in Node 20: the eval'd bootstrap registers it, then loads the sources.
    const code = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
        .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./select.ts', import.meta.url).href)}); })
        .then(async ({ selectBackend }) => {
          const s = await selectBackend('wasm', { wasmThreads: 2 });
          const tf = await import('@tensorflow/tfjs');
          const product = await tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).data();
          parentPort.postMessage({ detail: s.detail, product: Array.from(product) });
        })
        .catch((err) => parentPort.postMessage({ error: String(err) }));`;
    const worker = new Worker(code, { eval: true, execArgv: ['--conditions=source'] });
    try {
      const reply = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(reply).toEqual({ detail: expect.stringMatching(/, 2 threads$/), product: [17, 39] });
    } finally {
      await worker.terminate();
    }
  });
});
