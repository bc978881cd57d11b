import { describe, expect, it } from 'vitest';
import { sparseness } from './sparseness.js';

describe('sparseness', () => {
  it('is the fraction of activations below the threshold in magnitude', () => {
    // Below 0.1: 0, 0.05, -0.09 -> 3 of 6.
    expect(sparseness([0, 0.05, 0.1, 0.9, -0.09, -0.5], 0.1)).toBe(0.5);
    expect(sparseness(Float32Array.of(0.2, 0.3), 0.1)).toBe(0);
    expect(sparseness(Float32Array.of(0.2, 0.3), 1)).toBe(1);
  });

  it('rejects a non-positive threshold and no activations', () => {
    expect(() => sparseness([1], 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => sparseness([], 0.1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
