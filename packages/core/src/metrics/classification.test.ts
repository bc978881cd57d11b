import { describe, expect, it } from 'vitest';
import { accuracy, confusionMatrix, predictedLabels } from './classification.js';

const actual = Int32Array.of(0, 0, 1, 1, 2, 2, 2);
const predicted = Int32Array.of(0, 1, 1, 1, 2, 0, 2);

describe('accuracy', () => {
  it('counts matches', () => {
    expect(accuracy(actual, predicted)).toBeCloseTo(5 / 7, 12);
    expect(accuracy([3], [3])).toBe(1);
  });

  it('rejects different lengths and empty input', () => {
    expect(() => accuracy([1], [1, 2])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => accuracy([], [])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('confusionMatrix', () => {
  it('has actual classes as rows and predictions as columns', () => {
    expect(confusionMatrix(actual, predicted)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    expect(confusionMatrix([0], [0], 2)).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('rejects labels outside the classes', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/label 3/);
    expect(() => confusionMatrix([-1], [0])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('predictedLabels', () => {
  it('takes the arg-max of each row, first maximum winning', () => {
    expect(Array.from(predictedLabels(Float32Array.of(0.1, 0.7, 0.2, 0.5, 0.5, 0, -1, -3, -0.5), 3))).toEqual([1, 0, 2]);
    expect(() => predictedLabels([1, 2, 3], 2)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});
