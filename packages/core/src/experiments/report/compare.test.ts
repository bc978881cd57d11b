import { describe, expect, it } from 'vitest';
import { compareWithReference } from './compare.js';

const paper = { referenceName: 'the paper' };

describe('compareWithReference', () => {
  it('calls 96.40 against 96.70 with a standard error of 0.35 below, within one standard error', () => {
    // std 0.35 * sqrt(3) over 3 seeds: the standard error of the mean is 0.35.
    const c = compareWithReference({ mean: 96.4, std: 0.35 * Math.sqrt(3), n: 3, reference: 96.7, ...paper });
    expect(c.direction).toBe('below');
    expect(c.difference).toBeCloseTo(-0.3, 12);
    expect(c.standardError).toBeCloseTo(0.35, 12);
    expect(c.withinOneStandardError).toBe(true);
    expect(c.text).toBe('0.30 below the paper, within one standard error (0.35)');
    expect(c.text).not.toMatch(/above/);
  });

  it('uses the standard error of the mean, not the spread of one run: ± 0.39 over 3 seeds is 0.23, and 0.30 is more', () => {
    const c = compareWithReference({ mean: 96.4, std: 0.39, n: 3, reference: 96.7, ...paper });
    expect(c.direction).toBe('below');
    expect(c.standardError).toBeCloseTo(0.39 / Math.sqrt(3), 12);
    expect(c.withinOneStandardError).toBe(false);
    expect(c.text).toBe('0.30 below the paper, more than one standard error (0.23) away');
  });

  it('says above, within or beyond one standard error', () => {
    const beyond = compareWithReference({ mean: 97.0, std: 0.1, n: 3, reference: 96.7, ...paper });
    expect([beyond.direction, beyond.withinOneStandardError]).toEqual(['above', false]);
    expect(beyond.text).toBe('0.30 above the paper, more than one standard error (0.06) away');
    const within = compareWithReference({ mean: 96.8, std: 0.4, n: 4, reference: 96.7, ...paper });
    expect([within.direction, within.withinOneStandardError]).toEqual(['above', true]);
    expect(within.text).toBe('0.10 above the paper, within one standard error (0.20)');
  });

  it('counts a difference of exactly one standard error as within it, despite rounding in the subtraction', () => {
    // 96.4 - 96.7 is -0.30000000000000426 in floating point; the standard error is 0.6 / 2 = 0.3.
    const c = compareWithReference({ mean: 96.4, std: 0.6, n: 4, reference: 96.7, ...paper });
    expect(c.withinOneStandardError).toBe(true);
    const just = compareWithReference({ mean: 96.39, std: 0.6, n: 4, reference: 96.7, ...paper });
    expect(just.withinOneStandardError).toBe(false);
  });

  it('calls a difference that rounds to zero at the shown decimals equal', () => {
    const c = compareWithReference({ mean: 96.701, std: 0.2, n: 3, reference: 96.7, ...paper });
    expect(c.direction).toBe('equal');
    expect(c.withinOneStandardError).toBe(true);
    expect(c.text).toBe('equal to the paper at 2 decimals, within one standard error (0.12)');
    // At three decimals the same numbers differ.
    expect(compareWithReference({ mean: 96.701, std: 0.2, n: 3, reference: 96.7, ...paper, digits: 3 }).direction).toBe('above');
  });

  it('has no standard error with one run, or with no spread known', () => {
    const one = compareWithReference({ mean: 96.2, n: 1, reference: 95.8, ...paper });
    expect(one).toMatchObject({ direction: 'above', standardError: null, withinOneStandardError: null });
    expect(one.text).toBe('0.40 above the paper (one run: no standard error)');
    // A std of 0 from one run says nothing either.
    expect(compareWithReference({ mean: 96.2, std: 0, n: 1, reference: 95.8, ...paper }).standardError).toBeNull();
    const unknown = compareWithReference({ mean: 96.2, std: null, n: 5, reference: 95.8, ...paper });
    expect(unknown.withinOneStandardError).toBeNull();
    expect(unknown.text).toMatch(/no spread known/);
  });

  it('words other references and precisions, e.g. a loss against the document with three decimals', () => {
    const c = compareWithReference({ mean: 0.5712, n: 1, reference: 0.574, referenceName: 'the document', digits: 3 });
    expect(c.text).toBe('0.003 below the document (one run: no standard error)');
    const lab = compareWithReference({ mean: 92.34, std: 0.5, n: 3, reference: 92, referenceName: 'the report', digits: 1 });
    expect(lab.text).toBe('0.3 above the report, more than one standard error (0.3) away');
  });
});
