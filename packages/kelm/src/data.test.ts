import { describe, expect, it } from 'vitest';
import { accuracy, checkC, checkFeatures, checkLabels, encodeLabels, featureMatrix, fromDataset, takeRows } from './data.js';
import { KelmError } from './errors.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(KelmError);
    return (err as KelmError).code;
  }
  return undefined;
}

describe('data checks', () => {
  it('builds matrices from nested or flat arrays and from datasets', () => {
    const m = featureMatrix([
      [1, 2],
      [3, 4],
    ]);
    expect(m.rows).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
    expect(featureMatrix([1, 2, 3, 4, 5, 6], 3, 2).cols).toBe(2);
    const ds = fromDataset({ features: new Float32Array(12), labels: [0, 1, 0], count: 3, shape: [2, 2, 1] });
    expect(ds.x.cols).toBe(4);
    expect(ds.labels).toBeInstanceOf(Int32Array);
  });

  it('names each kind of bad input with its own code', () => {
    expect(code(() => featureMatrix([[1, 2], [3]]))).toBe('SHAPE_MISMATCH');
    expect(code(() => featureMatrix([1, 2, 3], 2, 2))).toBe('SHAPE_MISMATCH');
    expect(code(() => checkFeatures({ data: new Float32Array(0), rows: 0, cols: 3 }))).toBe('EMPTY_DATA');
    expect(code(() => checkFeatures({ data: Float32Array.from([1, NaN]), rows: 1, cols: 2 }))).toBe('NON_FINITE');
    expect(code(() => checkFeatures({ data: Float32Array.from([Infinity, 1]), rows: 2, cols: 1 }))).toBe('NON_FINITE');
    expect(code(() => checkLabels([0, 1], 3))).toBe('SHAPE_MISMATCH');
    expect(code(() => checkLabels([0, 0.5], 2))).toBe('NON_FINITE');
    expect(code(() => encodeLabels([4, 4, 4]))).toBe('SINGLE_CLASS');
    for (const C of [0, -1, NaN, Infinity]) expect(code(() => checkC(C))).toBe('INVALID_C');
  });

  it('messages point at the bad value', () => {
    expect(() => checkFeatures({ data: Float32Array.from([1, 2, 3, NaN]), rows: 2, cols: 2 })).toThrow('row 1, column 1');
  });

  it('encodes labels one-hot over the sorted classes', () => {
    const { classes, targets, index } = encodeLabels([7, 2, 7]);
    expect(classes).toEqual([2, 7]);
    expect(Array.from(targets)).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(index)).toEqual([1, 0, 1]);
  });

  it('takes rows and scores accuracy', () => {
    const m = featureMatrix([[1], [2], [3]]);
    expect(Array.from(takeRows(m, [2, 0]).data)).toEqual([3, 1]);
    expect(accuracy([1, 2, 3, 4], [1, 2, 0, 4])).toBe(0.75);
    expect(code(() => accuracy([1], [1, 2]))).toBe('SHAPE_MISMATCH');
  });
});
