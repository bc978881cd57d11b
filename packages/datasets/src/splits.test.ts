import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { applySplitFile, parseSplitIndices, sampleIndices, stratifiedSample, subsetDataset, trainValidationSplit } from './splits.js';
import { labelHistogram } from './stats.js';
import type { Dataset } from './types.js';

/** n records of shape [2]; record i = [i, -i]; labels follow `labelOf`. */
function toy(n: number, labelOf: (i: number) => number = (i) => i % 3): Dataset {
  return {
    name: 'gaussian',
    split: 'train',
    count: n,
    shape: [2],
    features: Float32Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? j / 2 : -(j - 1) / 2)),
    labels: Int32Array.from({ length: n }, (_, i) => labelOf(i)),
    classNames: ['a', 'b', 'c'],
    meta: { source: 'test', split: 'train', warnings: ['w'] },
  };
}

describe('subsetDataset', () => {
  it('copies the chosen records in order and keeps the metadata', () => {
    const sub = subsetDataset(toy(10), [7, 2]);
    expect(sub.count).toBe(2);
    expect(Array.from(sub.features)).toEqual([7, -7, 2, -2]);
    expect(Array.from(sub.labels)).toEqual([1, 2]);
    expect(sub.meta.source).toBe('test');
    expect(sub.meta.warnings).toEqual(['w']);
    expect(sub.meta.split).toMatch(/subset of 2/);
  });

  it('rejects indices out of range', () => {
    expect(() => subsetDataset(toy(3), [3])).toThrow(DatasetError);
    expect(() => subsetDataset(toy(3), [1.5])).toThrow(/index 1.5/);
  });
});

describe('sampleIndices / stratifiedSample', () => {
  // 60 of class 0, 30 of class 1, 10 of class 2.
  const labelOf = (i: number) => (i < 60 ? 0 : i < 90 ? 1 : 2);

  it('keeps class proportions with largest-remainder rounding', () => {
    const ds = toy(100, labelOf);
    expect(labelHistogram(stratifiedSample(ds, 10, 1).labels, 3)).toEqual([6, 3, 1]);
    // 15 -> quotas 9, 4.5, 1.5: the two halves go to the lower class index first.
    expect(labelHistogram(stratifiedSample(ds, 15, 1).labels, 3)).toEqual([9, 5, 1]);
  });

  it('is seeded, ascending and without repeats', () => {
    const labels = toy(100, labelOf).labels;
    const a = sampleIndices(labels, 20, { seed: 3 });
    expect(Array.from(sampleIndices(labels, 20, { seed: 3 }))).toEqual(Array.from(a));
    expect(Array.from(sampleIndices(labels, 20, { seed: 4 }))).not.toEqual(Array.from(a));
    expect(new Set(a).size).toBe(20);
    expect(Array.from(a)).toEqual(Array.from(a).sort((x, y) => x - y));
    expect(sampleIndices(labels, 20, { seed: 3, stratified: false }).length).toBe(20);
  });

  it('rejects sizes beyond the dataset', () => {
    expect(() => sampleIndices(Int32Array.of(0, 1), 3)).toThrow(/sample size/);
  });
});

describe('trainValidationSplit', () => {
  it('splits 80/20 without sharing a record, stratified by default', () => {
    const ds = toy(100, (i) => (i < 50 ? 0 : 1));
    const { train, validation } = trainValidationSplit(ds, { validation: 0.2, seed: 0 });
    expect(train.count).toBe(80);
    expect(validation.count).toBe(20);
    expect(labelHistogram(validation.labels, 2)).toEqual([10, 10]);
    const trainIds = new Set(Array.from(train.features.filter((_, j) => j % 2 === 0)));
    const valIds = Array.from(validation.features.filter((_, j) => j % 2 === 0));
    expect(valIds.some((v) => trainIds.has(v))).toBe(false);
    expect(trainIds.size + valIds.length).toBe(100);
  });

  it('draws given counts (the DDAE paper: 6000 train / 1000 test)', () => {
    const ds = toy(1000, (i) => i % 10);
    const { train, validation } = trainValidationSplit(ds, { train: 600, validation: 100, seed: 1 });
    expect(train.count).toBe(600);
    expect(validation.count).toBe(100);
    expect(labelHistogram(train.labels, 10)).toEqual(new Array(10).fill(60));
    const again = trainValidationSplit(ds, { train: 600, validation: 100, seed: 1 });
    expect(Array.from(again.train.labels)).toEqual(Array.from(train.labels));
    const plain = trainValidationSplit(ds, { train: 600, validation: 100, seed: 1, stratified: false });
    expect(plain.train.count + plain.validation.count).toBe(700);
  });

  it('rejects impossible sizes', () => {
    const ds = toy(10);
    expect(() => trainValidationSplit(ds, { validation: 0 })).toThrow(DatasetError);
    expect(() => trainValidationSplit(ds, { validation: 2.5 })).toThrow(DatasetError);
    expect(() => trainValidationSplit(ds, { validation: 11 })).toThrow(DatasetError);
    expect(() => trainValidationSplit(ds, { validation: 5, train: 6 })).toThrow(/train size/);
  });
});

describe('split files', () => {
  it('applies {"train": [...], "test": [...]} in the given order', () => {
    const { train, test } = applySplitFile(toy(10), { note: 'x', train: [4, 1], test: [9] }, 'split.json');
    expect(Array.from(train.features)).toEqual([4, -4, 1, -1]);
    expect(train.split).toBe('train');
    expect(test.split).toBe('test');
    expect(test.meta.split).toMatch(/split\.json/);
  });

  it('rejects a split file whose train or test list is empty, naming the file', () => {
    expect(() => parseSplitIndices({ train: [], test: [1] }, 10, 'split.json')).toThrow(
      expect.objectContaining({ code: 'INVALID_SPLIT_FILE', message: 'split.json: "train" lists no records' }),
    );
    expect(() => parseSplitIndices({ train: [1], test: [] }, 10, 'split.json')).toThrow(
      expect.objectContaining({ code: 'INVALID_SPLIT_FILE', message: 'split.json: "test" lists no records' }),
    );
  });

  it('rejects malformed, out-of-range, repeated and overlapping indices', () => {
    const cases: unknown[] = [
      [],
      { train: [1] },
      { train: [1], test: 'x' },
      { train: [10], test: [] },
      { train: [-1], test: [] },
      { train: [1.5], test: [] },
      { train: [1, 1], test: [] },
      { train: [1, 2], test: [2] },
    ];
    for (const json of cases) {
      expect(() => parseSplitIndices(json, 10), JSON.stringify(json)).toThrow(expect.objectContaining({ code: 'INVALID_SPLIT_FILE' }));
    }
  });
});
