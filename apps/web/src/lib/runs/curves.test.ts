import type { MetricPoint } from '@aelab/server';
import { describe, expect, it } from 'vitest';
import { recordedRun } from '../../stories/runs.js';
import { curveOf, defaultMetric, mergePoints, metricNames, pointFromEvent, stageMarks, timeCurveOf, validationTwin } from './curves.js';

const point = (seq: number, epoch: number, rmse: number, stage?: string): MetricPoint => ({
  seq,
  time: '2026-01-01T00:00:00.000Z',
  epoch,
  step: epoch * 3,
  ...(stage ? { stage } : {}),
  metrics: { rmse },
});

describe('pointFromEvent', () => {
  it("turns each recorded epoch event into exactly the server's stored history point", () => {
    for (const name of ['fixture-dense2d-slow', 'fixture-stacked'] as const) {
      const run = recordedRun(name);
      const live = run.events.map(pointFromEvent).filter((p) => p !== null);
      expect(live).toEqual(run.detail.history);
    }
  });

  it('ignores everything but epochs', () => {
    const run = recordedRun('fixture-dense2d');
    const others = run.events.filter((e) => !(e.type === 'train' && e.event.type === 'epoch'));
    expect(others.length).toBeGreaterThan(0);
    expect(others.map(pointFromEvent).every((p) => p === null)).toBe(true);
  });
});

describe('mergePoints', () => {
  it('joins the stored history and the live tail, counting a replayed point once', () => {
    const run = recordedRun('fixture-dense2d');
    const stored = run.detail.history.slice(0, 20);
    const live = run.events.map(pointFromEvent).filter((p): p is MetricPoint => p !== null && p.seq > stored[15]!.seq);
    expect(mergePoints(stored, live)).toEqual(run.detail.history);
  });

  it('keeps the later of an epoch trained twice (a run resumed from an earlier checkpoint)', () => {
    const first = [point(1, 1, 0.5), point(2, 2, 0.4), point(3, 3, 0.35)];
    const resumed = [point(10, 3, 0.3), point(11, 4, 0.25)];
    expect(mergePoints(first, resumed).map((p) => [p.epoch, p.metrics.rmse])).toEqual([
      [1, 0.5],
      [2, 0.4],
      [3, 0.3],
      [4, 0.25],
    ]);
  });

  it('keeps stages in the order they started, epochs ordered within each', () => {
    const merged = mergePoints([point(5, 1, 0.2, 'level 2'), point(1, 2, 0.5, 'level 1')], [point(2, 1, 0.6, 'level 1'), point(6, 2, 0.1, 'level 2')]);
    expect(merged.map((p) => `${p.stage}:${p.epoch}`)).toEqual(['level 1:1', 'level 1:2', 'level 2:1', 'level 2:2']);
  });
});

describe('curveOf and stageMarks', () => {
  it('counts epochs on across the stages of a greedy stack', () => {
    const pts = [point(1, 1, 0.5, 'level 1'), point(2, 2, 0.4, 'level 1'), point(3, 1, 0.3, 'level 2'), point(4, 2, 0.2, 'level 2'), point(5, 1, 0.1, 'fine-tune')];
    expect(curveOf(pts, 'rmse')).toEqual([
      { x: 1, y: 0.5 },
      { x: 2, y: 0.4 },
      { x: 3, y: 0.3 },
      { x: 4, y: 0.2 },
      { x: 5, y: 0.1 },
    ]);
    expect(stageMarks(pts)).toEqual([
      { x: 1, label: 'level 1' },
      { x: 3, label: 'level 2' },
      { x: 5, label: 'fine-tune' },
    ]);
  });

  it('gives the recorded stacked run one point per epoch of its three stages', () => {
    const run = recordedRun('fixture-stacked');
    const curve = curveOf(run.detail.history, 'loss');
    expect(curve).toHaveLength(run.detail.history.length);
    expect(curve.map((p) => p.x)).toEqual(curve.map((_, i) => i + 1));
    expect(stageMarks(run.detail.history).map((m) => m.label)).toEqual(['level 1', 'level 2', 'fine-tune']);
  });

  it('skips points without the metric, and plain runs have no stage marks', () => {
    const pts = [point(1, 1, 0.5), { ...point(2, 2, 0), metrics: { loss: 1 } }, point(3, 3, 0.3)];
    expect(curveOf(pts, 'rmse').map((p) => p.x)).toEqual([1, 3]);
    expect(stageMarks(pts)).toEqual([]);
  });
});

describe('metric names', () => {
  it('lists training metrics, reconstruction error first, without validation twins or timings', () => {
    const run = recordedRun('fixture-dense2d-slow');
    const names = metricNames(run.detail.history);
    expect(names[0]).toBe('rmse');
    expect(names).toContain('loss');
    expect(names.some((n) => n.startsWith('val') || n === 'epochMs' || n === 'samplesPerSecond')).toBe(false);
    expect(defaultMetric(names)).toBe('rmse');
    expect(defaultMetric(['accuracy'])).toBe('accuracy');
    expect(defaultMetric([])).toBe('loss');
  });

  it('pairs each metric with its validation twin', () => {
    expect(validationTwin('rmse')).toBe('valRmse');
    expect(validationTwin('loss')).toBe('valLoss');
    expect(validationTwin('terms.reconstruction')).toBe('valTerms.reconstruction');
    const run = recordedRun('fixture-dense2d-slow');
    expect(run.detail.history.every((p) => p.metrics.valRmse !== undefined)).toBe(true);
  });
});


describe('timeCurveOf', () => {
  const timed = (seq: number, epoch: number, loss: number, epochMs: number | undefined, stage?: string): MetricPoint => ({
    seq,
    time: `2026-01-01T00:00:0${seq}Z`,
    epoch,
    step: epoch * 10,
    ...(stage ? { stage } : {}),
    metrics: { loss, ...(epochMs === undefined ? {} : { epochMs }) },
  });

  it('puts each epoch at the training seconds so far, across stages', () => {
    const points = [timed(1, 1, 0.9, 1500, 'level 1'), timed(2, 2, 0.7, 500, 'level 1'), timed(3, 1, 0.6, 2000, 'level 2')];
    expect(timeCurveOf(points, 'loss')).toEqual([
      { x: 1.5, y: 0.9 },
      { x: 2, y: 0.7 },
      { x: 4, y: 0.6 },
    ]);
  });

  it('is empty when a point has no epoch time', () => {
    expect(timeCurveOf([timed(1, 1, 0.9, 1000), timed(2, 2, 0.8, undefined)], 'loss')).toEqual([]);
  });
});
