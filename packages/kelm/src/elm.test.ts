import { describe, expect, it } from 'vitest';
import { blobs, relativeError } from '../test/data.js';
import { accuracy, type FeatureMatrix } from './data.js';
import { elmFit, evaluateSeeds, relmFit, summarise } from './elm.js';
import { activations } from './hidden.js';
import { spdSolve64 } from './linalg/dense64.js';
import type { ElmModel } from './model.js';
import { elmPredict } from './predict.js';

/** H = sigmoid(X W + b) in float64, from the model's own weights. */
function hidden64(model: ElmModel, x: FeatureMatrix): Float64Array {
  const L = model.hidden;
  const h = new Float64Array(x.rows * L);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < L; j++) {
      let z = model.biases[j]!;
      for (let k = 0; k < x.cols; k++) z += x.data[i * x.cols + k]! * model.weights[k * L + j]!;
      h[i * L + j] = 1 / (1 + Math.exp(-z));
    }
  }
  return h;
}

/** beta = (H^T H + I/C)^-1 H^T Y in float64. */
function relmReference(h: Float64Array, rows: number, L: number, labels: Int32Array, classes: number, C: number): Float64Array {
  const g = new Float64Array(L * L);
  const hty = new Float64Array(L * classes);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < L; a++) {
      const ha = h[i * L + a]!;
      hty[a * classes + labels[i]!]! += ha;
      for (let b = 0; b < L; b++) g[a * L + b]! += ha * h[i * L + b]!;
    }
  }
  for (let a = 0; a < L; a++) g[a * L + a]! += 1 / C;
  return spdSolve64(g, L, hty, classes);
}

describe('elmFit / relmFit', () => {
  it.each([
    ['more rows than hidden units (primal)', 90, 20],
    ['fewer rows than hidden units (dual)', 30, 60],
  ])('RELM output weights match the float64 ridge solution: %s', async (_name, rows, L) => {
    const { x, labels } = blobs(rows / 3, 3, 6, 4, 0.4);
    const model = await relmFit(x, labels, { hidden: L, C: 10, seed: 3 });
    const ref = relmReference(hidden64(model, x), x.rows, L, labels, 3, 10);
    // H is float32 on the backend, so agreement is to float32 level amplified by the conditioning.
    expect(relativeError(model.beta, ref)).toBeLessThan(1e-3);
  });

  it('is deterministic for a seed and different across seeds', async () => {
    const { x, labels } = blobs(20, 2, 4, 6);
    const a = await elmFit(x, labels, { hidden: 15, seed: 1 });
    const b = await elmFit(x, labels, { hidden: 15, seed: 1 });
    const c = await elmFit(x, labels, { hidden: 15, seed: 2 });
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
    expect(Array.from(a.weights)).not.toEqual(Array.from(c.weights));
    expect(a.C).toBeNull();
  });

  it.each(activations)('classifies separable blobs with %s hidden units', async (activation) => {
    const train = blobs(60, 3, 5, 7, 0.1);
    const test = blobs(20, 3, 5, 7, 0.1, 1);
    const model = await elmFit(train.x, train.labels, { hidden: 40, activation, C: 100, seed: 0 });
    expect(model.activation).toBe(activation);
    expect(accuracy(elmPredict(model, test.x).labels, test.labels)).toBeGreaterThan(0.95);
  });

  it('rejects bad options with typed errors', async () => {
    const { x, labels } = blobs(10, 2, 3);
    await expect(relmFit(x, labels, { hidden: 5 } as never)).rejects.toMatchObject({ code: 'INVALID_C' });
    await expect(elmFit(x, labels, { hidden: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(elmFit(x, labels, { hidden: 5, C: -2 })).rejects.toMatchObject({ code: 'INVALID_C' });
    await expect(elmFit(x, labels, { hidden: 5, activation: 'softmax' as never })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});

describe('evaluateSeeds', () => {
  it('summarises runs with mean, sample std and best', () => {
    const runs = [0.9, 0.92, 0.94].map((testAccuracy, seed) => ({ seed, testAccuracy, trainAccuracy: 1, fitSeconds: 0 }));
    const s = summarise(runs);
    expect(s.mean).toBeCloseTo(0.92, 12);
    expect(s.std).toBeCloseTo(0.02, 12);
    expect(s.best.seed).toBe(2);
    expect(s.worst.seed).toBe(0);
  });

  it('fits one model per seed', async () => {
    const train = blobs(30, 2, 4, 8, 0.15);
    const test = blobs(10, 2, 4, 8, 0.15, 1);
    const s = await evaluateSeeds(train, test, { hidden: 10, C: 10, seeds: [1, 2, 3] });
    expect(s.runs.map((r) => r.seed)).toEqual([1, 2, 3]);
    expect(s.mean).toBeGreaterThan(0.8);
    await expect(evaluateSeeds(train, test, { hidden: 10, seeds: [] })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
