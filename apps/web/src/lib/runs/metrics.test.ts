import { describe, expect, it } from 'vitest';
import { recordedRun } from '../../stories/runs.js';
import { compareMetrics, formatMetric, higherIsBetter, keyMetrics } from './metrics.js';

describe('keyMetrics', () => {
  it('shows the held-out result first, then the latest epoch', () => {
    const m = recordedRun('fixture-dense2d-slow').detail.metrics;
    expect(keyMetrics(m).map((k) => k.name)).toEqual(['testRmse', 'rmse', 'valRmse']);
    expect(keyMetrics({ loss: 2, rmse: 1 })).toEqual([
      { name: 'rmse', value: 1 },
      { name: 'loss', value: 2 },
    ]);
    expect(keyMetrics({})).toEqual([]);
  });
});

describe('formatMetric', () => {
  it('rounds to four significant digits and switches to exponents at the extremes', () => {
    expect(formatMetric(0.123456)).toBe('0.1235');
    expect(formatMetric(12.5)).toBe('12.5');
    expect(formatMetric(16513.4)).toBe('16,513');
    expect(formatMetric(0.0000123)).toBe('1.230e-5');
    expect(formatMetric(0)).toBe('0');
    expect(formatMetric(undefined)).toBe('–');
    expect(formatMetric(Number.NaN)).toBe('–');
  });
});

describe('compareMetrics', () => {
  it('puts each metric side by side and marks the best: lowest error, highest accuracy', () => {
    const rows = compareMetrics([
      { testRmse: 0.2, testAccuracy: 0.8, epochMs: 5 },
      { testRmse: 0.1, testAccuracy: 0.9 },
      { testRmse: 0.1, samplesPerSecond: 10 },
    ]);
    expect(rows.map((r) => r.name)).toEqual(['testRmse', 'testAccuracy', 'epochMs', 'samplesPerSecond']);
    expect(rows[0]).toEqual({ name: 'testRmse', values: [0.2, 0.1, 0.1], best: 1 });
    expect(rows[1]).toEqual({ name: 'testAccuracy', values: [0.8, 0.9, undefined], best: 1 });
    // One value is nothing to compare.
    expect(rows[2]!.best).toBeNull();
    expect(higherIsBetter('samplesPerSecond')).toBe(true);
    expect(higherIsBetter('valLoss')).toBe(false);
  });

  it('compares the recorded runs: the faster learning rate ends with the lower test RMSE', () => {
    const fast = recordedRun('fixture-dense2d').detail.metrics;
    const slow = recordedRun('fixture-dense2d-slow').detail.metrics;
    const row = compareMetrics([fast, slow]).find((r) => r.name === 'testRmse')!;
    expect(row.values).toEqual([fast.testRmse, slow.testRmse]);
    expect(row.best).toBe(fast.testRmse! < slow.testRmse! ? 0 : 1);
  });
});
