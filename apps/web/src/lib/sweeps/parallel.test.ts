import { aggregateSweep, type SweepPoint } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { makeAxis, parallelView, spansDecades } from './parallel.js';

describe('parallel-coordinates axes', () => {
  it('go log for positive numbers spanning a decade or more', () => {
    expect(spansDecades([1e-4, 1e-3, 1e-1])).toBe(true);
    expect(spansDecades([16, 64])).toBe(false);
    expect(spansDecades([0, 10, 100])).toBe(false);
    const lr = makeAxis('lr', 'lr', 'field', [1e-4, 1e-3, 1e-2]);
    expect(lr.scale).toBe('log');
    // Equal ratios, equal distances: 1e-3 sits halfway between 1e-4 and 1e-2.
    expect(lr.position(1e-3)).toBeCloseTo(0.5, 12);
    expect(lr.position(0)).toBeNull();
    expect(lr.ticks.map((t) => t.label)).toEqual(['1e-4', '2e-4', '5e-4', '0.001', '0.002', '0.005', '0.01']);
  });

  it('go linear otherwise, with room around a single value, and category for words', () => {
    const units = makeAxis('u', 'u', 'field', [16, 64, 32]);
    expect(units.scale).toBe('linear');
    expect([units.position(16), units.position(64)]).toEqual([0, 1]);
    expect(makeAxis('one', 'one', 'metric', [0.5]).position(0.5)).toBeCloseTo(0.5, 12);
    const act = makeAxis('act', 'act', 'field', ['relu', 'tanh', 'relu', true]);
    expect(act.scale).toBe('category');
    expect(act.ticks.map((t) => [t.label, t.pos])).toEqual([
      ['relu', 0],
      ['tanh', 0.5],
      ['true', 1],
    ]);
  });
});

describe('parallelView', () => {
  const points: SweepPoint[] = [0.1, 0.01, 0.001].map((lr, index) => ({ index, key: `p0${index}`, values: { 'training.learningRate': lr, 'model.layers.0.units': 8 } }));
  const table = aggregateSweep(points, [
    { point: 0, seed: 0, status: 'succeeded', metrics: { testRmse: 0.3 }, id: 'a' },
    { point: 1, seed: 0, status: 'succeeded', metrics: { testRmse: 0.1 }, id: 'b' },
    { point: 2, seed: 0, status: 'running', metrics: {}, id: 'c' },
  ]);

  it('has an axis per field then per metric, a line per point, breaks where a metric is missing', () => {
    const { axes, lines } = parallelView(table, ['testRmse'], 'testRmse');
    expect(axes.map((a) => [a.key, a.kind, a.scale])).toEqual([
      ['training.learningRate', 'field', 'log'],
      ['model.layers.0.units', 'field', 'linear'],
      ['testRmse', 'metric', 'linear'],
    ]);
    expect(axes.map((a) => a.label)).toEqual(['learningRate', 'layers.0.units', 'test RMSE']);
    expect(lines.map((l) => l.positions[0])).toEqual([1, 0.5, 0]);
    expect(lines.map((l) => l.positions[2])).toEqual([1, 0, null]);
    expect(lines.map((l) => l.shade)).toEqual([1, 0, null]);
  });
});
