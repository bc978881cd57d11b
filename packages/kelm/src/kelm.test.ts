import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '@aelab/datasets/node';
import { describe, expect, it } from 'vitest';
import { blobs, gaussianGram64, hasUsps, maxAbsDiff, sharedData, sharedReference } from '../test/data.js';
import { accuracy, fromDataset, takeLabels, takeRows } from './data.js';
import { kelmFit } from './kelm.js';
import { spdSolve64 } from './linalg/dense64.js';
import { kelmPredict } from './index.js';

describe('kelmFit', () => {
  it('matches the closed form beta = (I/C + K)^-1 Y computed in float64', async () => {
    const { x, labels } = blobs(40, 3, 5, 2, 0.3);
    const sigma = 0.8;
    const C = 50;
    const model = await kelmFit(x, labels, { kernel: { type: 'gaussian', sigma }, C });
    const k = gaussianGram64(x, x, sigma);
    for (let i = 0; i < x.rows; i++) k[i * x.rows + i]! += 1 / C;
    const y = new Float64Array(x.rows * 3);
    for (let i = 0; i < x.rows; i++) y[i * 3 + labels[i]!] = 1;
    const beta = spdSolve64(k, x.rows, y, 3);
    // Kernel entries are float32, so agreement is to float32 level relative to |beta|.
    const scale = Math.max(...Array.from(beta, Math.abs));
    expect(maxAbsDiff(model.coef, beta) / scale).toBeLessThan(1e-4);
    expect(model.classes).toEqual([0, 1, 2]);
  });

  it('takes the float32 route for larger sets and still separates the classes', async () => {
    const train = blobs(300, 4, 10, 3);
    const test = blobs(50, 4, 10, 3, 0.15, 1);
    const model = await kelmFit(train.x, train.labels, { kernel: { type: 'gaussian', sigma: 1 }, C: 100, solver: { tile: 128 } });
    expect(model.solve.method).toBe('float32-pcg');
    expect(accuracy(kelmPredict(model, test.x).labels, test.labels)).toBe(1);
  });

  it('predicts the same in one batch or many, and keeps class values', async () => {
    const { x, labels } = blobs(30, 2, 4, 5);
    const shifted = labels.map((l) => (l === 0 ? 3 : 9));
    const model = await kelmFit(x, shifted, { kernel: { type: 'polynomial', degree: 2 }, C: 10 });
    const one = kelmPredict(model, x);
    const many = kelmPredict(model, x, { batchSize: 7 });
    expect(maxAbsDiff(one.scores, many.scores)).toBeLessThan(1e-5);
    expect(new Set(one.labels)).toEqual(new Set([3, 9]));
  });

  it('rejects bad input with typed errors', async () => {
    const { x, labels } = blobs(10, 2, 3);
    await expect(kelmFit(x, labels, { kernel: { type: 'linear' }, C: 0 })).rejects.toMatchObject({ code: 'INVALID_C' });
    await expect(kelmFit(x, labels.slice(1), { kernel: { type: 'linear' }, C: 1 })).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await expect(kelmFit(x, new Int32Array(x.rows), { kernel: { type: 'linear' }, C: 1 })).rejects.toMatchObject({ code: 'SINGLE_CLASS' });
    await expect(kelmFit({ data: new Float32Array(0), rows: 0, cols: 3 }, [], { kernel: { type: 'linear' }, C: 1 })).rejects.toMatchObject({ code: 'EMPTY_DATA' });
    await expect(kelmFit(x, labels, { kernel: { type: 'gaussian', sigma: -1 }, C: 1 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    const bad = Float32Array.from(x.data);
    bad[5] = NaN;
    await expect(kelmFit({ ...x, data: bad }, labels, { kernel: { type: 'linear' }, C: 1 })).rejects.toMatchObject({ code: 'NON_FINITE' });
    const model = await kelmFit(x, labels, { kernel: { type: 'linear' }, C: 1 });
    expect(() => kelmPredict(model, { data: new Float32Array(4), rows: 1, cols: 4 })).toThrow(/takes 3 features/);
  });

  it('fails loudly when C is so large that a rank-deficient kernel is singular to working precision', async () => {
    // A linear kernel on 3 features has rank 3; with 1/C = 1e-30 the system is singular in float64.
    for (const rows of [40, 700]) {
      const { x, labels } = blobs(rows / 2, 2, 3, 17);
      for (const method of ['auto', 'float32', 'float64'] as const) {
        await expect(kelmFit(x, labels, { kernel: { type: 'linear' }, C: 1e30, solver: { method } })).rejects.toMatchObject({ code: 'NOT_POSITIVE_DEFINITE' });
      }
    }
  });
});

// Real data: the fixed hyperparameters the independent reference chose (sigma 3.90, C 100 on USPS; sigma 5.11,
// C 10 on the 6,000/1,000 MNIST draw), so these tests check accuracy without a grid search.
describe.skipIf(!hasUsps)('KELM on raw USPS pixels', () => {
  it('reaches about 95.5% test accuracy (reference 95.62%)', async () => {
    const train = fromDataset(await loadDataset({ name: 'usps', split: 'train', dataDir: sharedData }));
    const test = fromDataset(await loadDataset({ name: 'usps', split: 'test', dataDir: sharedData }));
    const model = await kelmFit(train.x, train.labels, { kernel: { type: 'gaussian', sigma: 3.9 }, C: 100 });
    const acc = accuracy(kelmPredict(model, test.x).labels, test.labels);
    expect(acc).toBeGreaterThan(0.95);
  });
});

const splitFile = join(sharedReference, 'mnist_split_seed0.json');
describe.skipIf(!existsSync(splitFile))('KELM on the 6,000/1,000 MNIST draw', () => {
  it('reaches about 96% test accuracy (reference 96.10%)', async () => {
    const all = fromDataset(await loadDataset({ name: 'mnist', split: 'all', embedded: true }));
    const split = JSON.parse(readFileSync(splitFile, 'utf8')) as { train: number[]; test: number[] };
    const model = await kelmFit(takeRows(all.x, split.train), takeLabels(all.labels, split.train), { kernel: { type: 'gaussian', sigma: 5.11 }, C: 10 });
    const acc = accuracy(kelmPredict(model, takeRows(all.x, split.test)).labels, takeLabels(all.labels, split.test));
    expect(acc).toBeGreaterThan(0.955);
  });
});
