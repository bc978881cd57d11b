import { describe, expect, it } from 'vitest';
import { blobs } from '../test/data.js';
import { featureMatrix } from './data.js';
import { defaultGrid, defaultSigmaFactors, gridSearch, medianPairwiseDistance, splits } from './selection.js';

describe('splits', () => {
  it('holds out the requested fraction, disjoint from training', () => {
    const [s] = splits(50, { type: 'holdout', fraction: 0.2, seed: 3 });
    expect(s!.valid.length).toBe(10);
    expect(s!.train.length).toBe(40);
    expect(new Set([...s!.train, ...s!.valid]).size).toBe(50);
  });

  it('k-fold validation sets partition the rows', () => {
    const folds = splits(23, { type: 'kfold', k: 4 });
    expect(folds).toHaveLength(4);
    const seen = folds.flatMap((f) => [...f.valid]).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => i));
    for (const f of folds) expect(f.train.length + f.valid.length).toBe(23);
  });

  it('rejects impossible splits', () => {
    expect(() => splits(10, { type: 'kfold', k: 1 })).toThrow(/k-fold/);
    expect(() => splits(10, { type: 'holdout', fraction: 1.5 })).toThrow(/fraction/);
  });
});

describe('medianPairwiseDistance and the default grid', () => {
  it('finds the median of all pairwise distances', () => {
    // Points 0, 1, 2, 3 on a line: distances 1, 1, 1, 2, 2, 3; the upper median is 2.
    expect(medianPairwiseDistance(featureMatrix([[0], [1], [2], [3]]))).toBeCloseTo(2, 5);
  });

  it('centres the Gaussian grid on the median distance', () => {
    const x = featureMatrix([[0], [1], [2], [3]]);
    const g = defaultGrid('gaussian', x);
    expect(g.median).toBeCloseTo(2, 5);
    expect(g.params).toEqual(defaultSigmaFactors.map((f) => Number((2 * f).toPrecision(4))));
    const h = defaultGrid('gaussian-huang', x);
    expect(h.params[defaultSigmaFactors.indexOf(1)]).toBeCloseTo(2 * 2 * 2, 3);
  });
});

describe('gridSearch', () => {
  const { x, labels } = blobs(40, 3, 4, 13, 0.12);

  it('scores every (C, sigma) cell and returns the best', async () => {
    const seen: number[] = [];
    const r = await gridSearch(x, labels, { kernel: 'gaussian', Cs: [0.01, 10], params: [0.05, 0.5, 2], onCell: (_c, i) => seen.push(i) });
    expect(r.cells).toHaveLength(6);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(r.cells.every((c) => c.folds.length === 1 && c.accuracy >= 0 && c.accuracy <= 1)).toBe(true);
    expect(r.best.accuracy).toBe(Math.max(...r.cells.map((c) => c.accuracy)));
    expect(r.best.accuracy).toBeGreaterThan(0.9);
    expect(r.validation).toEqual({ type: 'holdout', fraction: 0.2, seed: 0 });
  });

  it('runs k-fold, one score per fold', async () => {
    const r = await gridSearch(x, labels, { kernel: 'linear', Cs: [1, 100], validation: { type: 'kfold', k: 3 } });
    expect(r.cells).toHaveLength(2);
    expect(r.cells[0]!.folds).toHaveLength(3);
    expect(r.cells[0]!.kernel).toEqual({ type: 'linear' });
  });

  it('builds the default grid when none is given', async () => {
    const small = blobs(12, 2, 3, 14, 0.3);
    const r = await gridSearch(small.x, small.labels, { kernel: 'gaussian', Cs: [1] });
    expect(r.cells).toHaveLength(defaultSigmaFactors.length);
    expect(r.median).toBeGreaterThan(0);
  });

  it('rejects an invalid C in the grid', async () => {
    await expect(gridSearch(x, labels, { kernel: 'linear', Cs: [1, 0] })).rejects.toMatchObject({ code: 'INVALID_C' });
  });
});
