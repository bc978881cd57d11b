import { describe, expect, it } from 'vitest';
import { reconstructionError } from './reconstruction-error.js';

describe('reconstructionError', () => {
  it('is the mean squared difference, or its root', () => {
    // Differences 1, -2, 0, 3 -> squares 1, 4, 0, 9 -> mean 3.5.
    const a = Float32Array.of(1, 0, 5, 3);
    const b = Float32Array.of(0, 2, 5, 0);
    expect(reconstructionError(a, b)).toBe(3.5);
    expect(reconstructionError(a, b, 'rmse')).toBeCloseTo(Math.sqrt(3.5), 12);
    expect(reconstructionError(a, a)).toBe(0);
  });

  it('rejects different lengths and empty input', () => {
    expect(() => reconstructionError([1], [1, 2])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => reconstructionError([], [])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
