import { describe, expect, it } from 'vitest';
import { formatDuration, ProgressTracker } from './progress.js';

describe('ProgressTracker', () => {
  it('weights jobs by cost and extrapolates the pace for the ETA', () => {
    let t = 100;
    const p = new ProgressTracker([1, 3], () => t);
    expect(p.snapshot()).toEqual({ fraction: 0, elapsedSeconds: 0, etaSeconds: null });
    p.startJob(0);
    t = 110;
    p.finishJob(0);
    // 1 of 4 cost units in 10 s -> 30 s for the other 3.
    expect(p.snapshot().fraction).toBeCloseTo(0.25, 12);
    expect(p.snapshot().etaSeconds).toBeCloseTo(30, 9);
    p.setJobFraction(0.5);
    t = 125;
    // 1 + 1.5 of 4 in 25 s -> 15 s left.
    expect(p.snapshot().fraction).toBeCloseTo(0.625, 12);
    expect(p.snapshot().etaSeconds).toBeCloseTo(15, 9);
    p.finishJob(1);
    expect(p.snapshot().fraction).toBe(1);
    expect(p.snapshot().etaSeconds).toBe(0);
  });

  it('clamps job fractions and treats bad costs as one unit', () => {
    const p = new ProgressTracker([Number.NaN, 1], () => 0);
    p.startJob(0);
    p.setJobFraction(7);
    expect(p.snapshot().fraction).toBeCloseTo(0.5, 12);
  });
});

describe('formatDuration', () => {
  it('prints m:ss and h:mm:ss', () => {
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(245)).toBe('4:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});
