import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readsSynchronously } from './backend.js';
import { kelmFit } from './kelm.js';
import { predict } from './predict.js';
import { gridSearch, medianPairwiseDistance } from './selection.js';

/** A backend like WebGPU under Node: the cpu backend's kernels, but no synchronous readback. */
const NO_SYNC = 'no-sync-test';

function data(rows: number): { x: { data: Float32Array; rows: number; cols: number }; labels: Int32Array } {
  const x = Float32Array.from({ length: rows * 3 }, (_, t) => Math.sin(t * 1.7) + (t % 3 === 0 ? Math.floor(t / 3) % 2 : 0));
  const labels = Int32Array.from({ length: rows }, (_, i) => i % 2);
  return { x: { data: x, rows, cols: 3 }, labels };
}

describe('backends without synchronous reads', () => {
  let previous = '';
  beforeAll(async () => {
    previous = tf.getBackend();
    const cpu = tf.findBackend('cpu')!;
    tf.registerBackend(NO_SYNC, () => {
      const backend = new (cpu.constructor as new () => tf.KernelBackend)();
      const readSync = backend.readSync.bind(backend);
      backend.read = (dataId: object) => Promise.resolve(readSync(dataId));
      backend.readSync = () => {
        throw new Error('no synchronous reads on this backend');
      };
      return backend;
    });
    for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: NO_SYNC });
    await tf.setBackend(NO_SYNC);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
    tf.removeBackend(NO_SYNC);
  });

  it('are detected', () => {
    expect(readsSynchronously()).toBe(false);
  });

  it('KELM factors on the backend itself, reading back asynchronously; predict and measure use a stand-in', async () => {
    // Big enough for the float32 factorisation (small systems go to the float64 JS path).
    const { x, labels } = data(600);
    const model = await kelmFit(x, labels, { kernel: { type: 'gaussian', sigma: 1 }, C: 10, solver: { tile: 128 } });
    expect(model.solve).toMatchObject({ method: 'float32-pcg', backend: NO_SYNC });
    expect(model.solve.relativeResidual).toBeLessThan(1e-8);
    expect(tf.getBackend()).toBe(NO_SYNC);
    const fitted = predict(model, x);
    expect(tf.getBackend()).toBe(NO_SYNC);
    expect(fitted.labels.filter((v, i) => v === labels[i]).length).toBeGreaterThan(0.9 * labels.length);
    expect(medianPairwiseDistance(x)).toBeGreaterThan(0);
    expect(tf.getBackend()).toBe(NO_SYNC);

    // The same numbers as a fit on a readable backend.
    await tf.setBackend(previous);
    const direct = await kelmFit(x, labels, { kernel: { type: 'gaussian', sigma: 1 }, C: 10, solver: { tile: 128 } });
    expect(direct.solve.backend).toBe(previous);
    // The two kernels differ by float32 rounding only.
    let scale = 0;
    for (const v of direct.coef) scale = Math.max(scale, Math.abs(v));
    for (let t = 0; t < direct.coef.length; t++) expect(Math.abs(model.coef[t]! - direct.coef[t]!)).toBeLessThan(1e-3 * scale);
    expect(Array.from(predict(direct, x).labels)).toEqual(Array.from(fitted.labels));
    await tf.setBackend(NO_SYNC);
  });

  it('grid search runs on a stand-in and hands the backend back', async () => {
    const { x, labels } = data(80);
    const result = await gridSearch(x, labels, { kernel: 'gaussian', Cs: [1, 10], params: [0.5, 1] });
    expect(result.cells).toHaveLength(4);
    expect(result.best.accuracy).toBeGreaterThan(0.8);
    expect(tf.getBackend()).toBe(NO_SYNC);
  });
});
