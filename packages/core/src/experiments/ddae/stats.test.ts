import { describe, expect, it } from 'vitest';
import { binomialStandardError, max, mean, median, sampleStd, standardError } from './stats.js';

describe('stats', () => {
  it('computes mean, sample std and standard error by hand-checked values', () => {
    const v = [0.9, 0.92, 0.94];
    expect(mean(v)).toBeCloseTo(0.92, 12);
    // deviations -0.02, 0, 0.02: sum of squares 0.0008 over n - 1 = 2 -> 0.0004 -> std 0.02
    expect(sampleStd(v)).toBeCloseTo(0.02, 12);
    expect(standardError(v)).toBeCloseTo(0.02 / Math.sqrt(3), 12);
    expect(max(v)).toBe(0.94);
    expect(median(v)).toBe(0.92);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('treats one value as exact and no values as NaN', () => {
    expect(sampleStd([0.5])).toBe(0);
    expect(standardError([0.5])).toBe(0);
    expect(mean([])).toBeNaN();
    expect(sampleStd([])).toBeNaN();
    expect(max([])).toBeNaN();
  });

  it('gives the binomial standard error the reference README quotes', () => {
    // 0.44 points at 96% on 2,007 USPS test digits, 0.62 on 1,000 MNIST digits.
    expect(binomialStandardError(0.96, 2007) * 100).toBeCloseTo(0.437, 2);
    expect(binomialStandardError(0.96, 1000) * 100).toBeCloseTo(0.62, 2);
  });
});
