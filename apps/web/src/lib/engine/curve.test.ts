import type { EpochRecord } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { ThinnedCurve } from './curve.js';

const epochs = (from: number, to: number): EpochRecord[] => Array.from({ length: to - from + 1 }, (_, i) => ({ epoch: from + i }) as EpochRecord);

describe('ThinnedCurve', () => {
  it('keeps every epoch up to its limit', () => {
    const curve = new ThinnedCurve(10);
    curve.add(epochs(1, 4));
    expect(curve.add(epochs(5, 10)).map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('thins evenly past its limit, keeping the first and the latest epochs', () => {
    const curve = new ThinnedCurve(10);
    const kept = curve.add(epochs(1, 25)).map((r) => r.epoch);
    expect(kept).toEqual([1, 4, 8, 12, 16, 20, 24, 25]);
  });

  it('starts over after a reset', () => {
    const curve = new ThinnedCurve(Infinity);
    curve.add(epochs(1, 3));
    curve.reset();
    expect(curve.add(epochs(1, 2)).map((r) => r.epoch)).toEqual([1, 2]);
  });
});
