import { describe, expect, it } from 'vitest';
import { coreErrorOf } from '../../test/errors.js';
import { Rng } from '../layers/random.js';
import { presetConfig } from '../presets/index.js';
import { aggregateSweep, formatMeanStd, formatSweepNumber, sweepMetricNames, sweepReportTable, type SweepRunResult } from './aggregate.js';
import { drawFromRange, planSweep } from './expand.js';
import { getField, parseFieldPath, setField } from './path.js';
import { parseVary, type SweepSpecInput } from './spec.js';

const demo = () => presetConfig('demo-2d') as unknown as Record<string, unknown>;

describe('config paths', () => {
  it('reads dotted paths with numeric indices, and the bracket form', () => {
    expect(parseFieldPath('model.layers.0.units')).toEqual(['model', 'layers', 0, 'units']);
    expect(parseFieldPath('model.layers[1].units')).toEqual(['model', 'layers', 1, 'units']);
    expect(getField(demo(), 'model.layers.1.units')).toBe(2);
    expect(getField(demo(), 'model.layers.7.units')).toBeUndefined();
    for (const bad of ['', 'a..b', 'model.', 'model.lay-ers']) expect(coreErrorOf(() => parseFieldPath(bad)).code).toBe('SWEEP_PATH');
  });

  it('sets a copy, leaving the original alone', () => {
    const config = demo();
    const changed = setField(config, 'model.layers.0.units', 16);
    expect(getField(changed, 'model.layers.0.units')).toBe(16);
    expect(getField(config, 'model.layers.0.units')).toBe(6);
    // A key an object lacks may be set: the config schema decides whether it exists.
    expect(getField(setField(config, 'training.maxSteps', 5), 'training.maxSteps')).toBe(5);
  });

  it('says which step of a bad path is wrong', () => {
    const out = coreErrorOf(() => setField(demo(), 'model.layers.3.units', 1));
    expect(out.code).toBe('SWEEP_PATH');
    expect(out.message).toBe('model.layers.3.units: model.layers has 3 items (indices 0..2)');
    expect(coreErrorOf(() => setField(demo(), 'model.corruption.sigma', 1)).message).toBe('model.corruption.sigma: model.corruption is not set in the config');
    expect(coreErrorOf(() => setField(demo(), 'training.epochs.0', 1)).message).toBe('training.epochs.0: training.epochs is the number 200, not a list, so it has no item 0');
  });
});

describe('--vary arguments', () => {
  it('reads value lists, linear and log ranges', () => {
    expect(parseVary('model.layers.0.units=16,64')).toEqual({ path: 'model.layers.0.units', values: [16, 64] });
    expect(parseVary('model.layers.0.activation=relu,tanh')).toEqual({ path: 'model.layers.0.activation', values: ['relu', 'tanh'] });
    expect(parseVary('training.shuffle=true,false').values).toEqual([true, false]);
    expect(parseVary('training.learningRate=log:1e-4..1e-1')).toEqual({ path: 'training.learningRate', range: { min: 1e-4, max: 0.1, scale: 'log', integer: false } });
    expect(parseVary('model.layers.0.units=1..10').range).toEqual({ min: 1, max: 10, scale: 'linear', integer: true });
    expect(parseVary('training.learningRate=0.001..0.01').range?.integer).toBe(false);
  });

  it('refuses what it cannot read, naming the argument', () => {
    expect(coreErrorOf(() => parseVary('training.learningRate')).code).toBe('INVALID_SWEEP');
    expect(coreErrorOf(() => parseVary('a=1,,2')).message).toMatch(/^--vary a=1,,2: a value is empty/);
    expect(coreErrorOf(() => parseVary('a=log:1,2')).message).toMatch(/log: goes with a range/);
    expect(coreErrorOf(() => parseVary('a=x..y')).message).toMatch(/a range is two numbers/);
    expect(coreErrorOf(() => parseVary('a b=1')).code).toBe('SWEEP_PATH');
  });
});

describe('planSweep', () => {
  const spec = (over: Partial<SweepSpecInput> = {}): SweepSpecInput => ({
    base: demo(),
    vary: [parseVary('model.layers.0.units=4,8,16'), parseVary('training.learningRate=0.01,0.001')],
    seeds: 2,
    ...over,
  });

  it('expands the grid × seeds, first axis slowest, each config validated with its values and seed', () => {
    const plan = planSweep(spec());
    expect(plan.fields).toEqual(['model.layers.0.units', 'training.learningRate']);
    expect(plan.points).toHaveLength(6);
    expect(plan.runs).toHaveLength(12);
    expect(plan.points.map((p) => [p.values['model.layers.0.units'], p.values['training.learningRate']])).toEqual([
      [4, 0.01],
      [4, 0.001],
      [8, 0.01],
      [8, 0.001],
      [16, 0.01],
      [16, 0.001],
    ]);
    expect(plan.runs.slice(0, 3).map((r) => [r.key, r.point, r.seed])).toEqual([
      ['p00-s0', 0, 0],
      ['p00-s1', 0, 1],
      ['p01-s0', 1, 0],
    ]);
    const run = plan.runs[5]!; // p02-s1
    expect(run.config.model.type === 'dense' && run.config.model.layers[0]!.units).toBe(8);
    expect(run.config.training.learningRate).toBe(0.01);
    expect(run.config.seed).toBe(1);
    // Everything not varied is the base's.
    expect(run.config.training.epochs).toBe(200);
  });

  it('counts seeds from the base seed, and keeps a varied seed as it is', () => {
    expect(planSweep(spec({ base: { ...demo(), seed: 7 } })).runs.map((r) => r.seed).slice(0, 2)).toEqual([7, 8]);
    const bySeed = planSweep({ base: demo(), vary: [parseVary('seed=3,5')] });
    expect(bySeed.runs.map((r) => r.seed)).toEqual([3, 5]);
    expect(coreErrorOf(() => planSweep({ base: demo(), vary: [parseVary('seed=3,5')], seeds: 2 })).message).toMatch(/vary seed or ask for several seeds/);
  });

  it('refuses a bad path or value before anything runs, naming the path', () => {
    const layer = coreErrorOf(() => planSweep(spec({ vary: [parseVary('model.layers.4.units=1,2')] })));
    expect(layer.code).toBe('SWEEP_PATH');
    expect(layer.message).toBe('cannot vary model.layers.4.units: model.layers has 3 items (indices 0..2)');
    const typo = coreErrorOf(() => planSweep(spec({ vary: [parseVary('training.learningrate=0.1')] })));
    expect(typo.code).toBe('UNKNOWN_CONFIG_KEY');
    expect(typo.message).toContain('training.learningrate: unknown key — did you mean "learningRate"?');
    const value = coreErrorOf(() => planSweep(spec({ vary: [parseVary('model.layers.0.units=4,0')] })));
    expect(value.code).toBe('INVALID_CONFIG');
    expect(value.message).toMatch(/^sweep point 2 of 2 \(model\.layers\.0\.units=0\): invalid run config: model\.layers\[0\]\.units: /);
    const word = coreErrorOf(() => planSweep(spec({ vary: [parseVary('training.learningRate=fast')] })));
    expect(word.message).toMatch(/training\.learningRate: .*expected number/);
    expect(coreErrorOf(() => planSweep(spec({ base: { training: { epochs: -1 } } }))).message).toMatch(/^the base run config: invalid run config: training\.epochs/);
  });

  it('checks the sweep itself: ranges need draws, no field twice, a size limit', () => {
    expect(coreErrorOf(() => planSweep(spec({ vary: [parseVary('training.learningRate=log:1e-4..1e-1')] }))).message).toMatch(/vary\[0\]\.range: .*needs random draws/);
    expect(coreErrorOf(() => planSweep(spec({ vary: [parseVary('model.layers.0.units=1,2'), parseVary('model.layers[0].units=3')] }))).message).toMatch(/varied twice/);
    const big = coreErrorOf(() => planSweep(spec({ vary: [parseVary(`training.epochs=${Array.from({ length: 60 }, (_, i) => i + 1).join(',')}`), parseVary('training.batchSize=1,2,3,4,5,6,7,8,9')], seeds: 2 })));
    expect(big.code).toBe('SWEEP_TOO_LARGE');
    expect(big.message).toBe('the sweep has 540 points × 2 seeds = 1080 runs; at most 1000 at once');
    expect(coreErrorOf(() => planSweep({ ...spec(), colour: 'red' })).code).toBe('UNKNOWN_CONFIG_KEY');
  });

  it('draws the same random points for the same seed, others for another', () => {
    const vary = [parseVary('training.learningRate=log:1e-4..1e-1'), parseVary('model.layers.0.units=4..32'), parseVary('model.layers.0.activation=tanh,relu')];
    const a = planSweep({ base: demo(), vary, random: { count: 20, seed: 1 } });
    const b = planSweep({ base: demo(), vary, random: { count: 20, seed: 1 } });
    const c = planSweep({ base: demo(), vary, random: { count: 20, seed: 2 } });
    expect(a.points).toHaveLength(20);
    expect(a.points).toEqual(b.points);
    expect(a.points).not.toEqual(c.points);
    for (const p of a.points) {
      const lr = p.values['training.learningRate'] as number;
      const units = p.values['model.layers.0.units'] as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(0.1);
      expect(Number.isInteger(units) && units >= 4 && units <= 32).toBe(true);
      expect(['tanh', 'relu']).toContain(p.values['model.layers.0.activation']);
    }
  });

  it('samples distinct grid points when every field lists values', () => {
    const vary = [parseVary('model.layers.0.units=4,8,16'), parseVary('training.learningRate=0.01,0.001')];
    const plan = planSweep({ base: demo(), vary, random: { count: 4 } });
    const seen = plan.points.map((p) => JSON.stringify(p.values));
    expect(new Set(seen).size).toBe(4);
    expect(coreErrorOf(() => planSweep({ base: demo(), vary, random: { count: 7 } })).message).toMatch(/more points than the grid has \(6\)/);
  });
});

describe('range draws', () => {
  it('log-uniform draws stay in range and spread evenly over the decades', () => {
    const rng = new Rng(5, 'test');
    const range = { min: 1e-4, max: 1e-1, scale: 'log' as const, integer: false };
    const draws = Array.from({ length: 3000 }, () => drawFromRange(range, rng));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...draws)).toBeLessThanOrEqual(0.1);
    const decades = [0, 0, 0];
    for (const d of draws) decades[Math.min(2, Math.floor(Math.log10(d) + 4))]! += 1;
    // A third each (±5 points); a linear draw would put about 90% in the last decade.
    for (const n of decades) expect(Math.abs(n / draws.length - 1 / 3)).toBeLessThan(0.05);
  });

  it('whole-number ranges reach both ends', () => {
    const rng = new Rng(1);
    for (const scale of ['linear', 'log'] as const) {
      const seen = new Set(Array.from({ length: 500 }, () => drawFromRange({ min: 2, max: 5, scale, integer: true }, rng)));
      expect([...seen].sort()).toEqual([2, 3, 4, 5]);
    }
  });
});

describe('aggregateSweep', () => {
  const plan = planSweep({ base: demo(), vary: [parseVary('model.layers.0.units=4,8,16')], seeds: 3 });
  const run = (point: number, seed: number, status: SweepRunResult['status'], trainRmse?: number): SweepRunResult => ({
    point,
    seed,
    status,
    id: `r${point}-${seed}`,
    metrics: trainRmse === undefined ? {} : { trainRmse, loss: trainRmse ** 2, samplesPerSecond: 1000, 'terms.reconstruction': 1 },
  });

  it('gives each point the mean ± sample std of its succeeded runs, and a row even before any finished', () => {
    const table = aggregateSweep(plan.points, [run(0, 0, 'succeeded', 0.1), run(0, 1, 'succeeded', 0.2), run(0, 2, 'succeeded', 0.3), run(1, 0, 'succeeded', 0.5), run(1, 1, 'failed'), run(1, 2, 'running')]);
    expect(table.fields).toEqual(['model.layers.0.units']);
    expect(table.metrics).toEqual(['trainRmse', 'loss']);
    expect(table.rows).toHaveLength(3);
    const [a, b, c] = table.rows;
    expect(a!.metrics.trainRmse!.mean).toBeCloseTo(0.2, 12);
    expect(a!.metrics.trainRmse!.std).toBeCloseTo(0.1, 12);
    expect(b!.metrics.trainRmse).toEqual({ mean: 0.5, std: null, n: 1 });
    expect(b!.counts).toEqual({ succeeded: 1, failed: 1, running: 1 });
    expect(c!.metrics).toEqual({});
    expect(formatMeanStd(a!.metrics.trainRmse)).toBe('0.2 ± 0.1');
    expect(sweepReportTable(table).rows).toEqual([
      ['4', '0.2 ± 0.1', '0.04667 ± 0.04041', '3/3'],
      ['8', '0.5', '0.25', '1/3 (1 failed, 1 running)'],
      ['16', '–', '–', '0/0'],
    ]);
  });

  it('puts held-out results first and leaves out timing and loss terms', () => {
    expect(sweepMetricNames(['loss', 'valLoss', 'rmse', 'testRmse', 'testAccuracy', 'samplesPerSecond', 'epochMs', 'terms.l2Weights'])).toEqual(['testRmse', 'testAccuracy', 'loss', 'valLoss']);
    expect(sweepMetricNames(['testMse', 'testSparseness', 'testRmse', 'testLoss'])).toEqual(['testLoss', 'testRmse', 'testSparseness']);
    expect(sweepMetricNames(['trainMse', 'trainLoss'])).toEqual(['trainLoss', 'trainMse']);
    expect([formatSweepNumber(0.0005), formatSweepNumber(1.23456e-5), formatSweepNumber(0.012345), formatSweepNumber(123456)]).toEqual(['5e-4', '1.23e-5', '0.01235', '1.23e+5']);
  });
});
