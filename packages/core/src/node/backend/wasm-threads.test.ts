import { Worker } from 'node:worker_threads';
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
