// Sweep fixtures for the stories: real expansions of real sweep definitions (@aelab/core's planSweep on the demo-2d
// preset), with final numbers made up deterministically from each point's values and seed.
import { aggregateSweep, parseVary, planSweep, presetConfig, Rng, type SweepRunResult, type SweepSpecInput, type SweepTable } from '@aelab/core';

const base = presetConfig('demo-2d') as unknown as Record<string, unknown>;

/** A learning-rate × width grid over three seeds. */
export const GRID: SweepSpecInput = {
  name: 'demo-2d lr × width',
  base,
  vary: [parseVary('training.learningRate=0.1,0.01,0.001,0.0001'), parseVary('model.layers.0.units=4,16')],
  seeds: 3,
};

/** Twelve seeded draws: a log-uniform learning rate, a whole-number width and an activation. */
export const RANDOM: SweepSpecInput = {
  name: 'demo-2d random search',
  base,
  vary: [parseVary('training.learningRate=log:1e-4..1e-1'), parseVary('model.layers.0.units=2..16'), parseVary('model.layers.0.activation=tanh,relu')],
  seeds: 2,
  random: { count: 12, seed: 7 },
};

/** Lower near a learning rate of 0.005 and with wider layers; a little seed noise. */
function fakeMetrics(values: Record<string, unknown>, seed: number, point: number): Record<string, number> {
  const lr = Number(values['training.learningRate']);
  const units = Number(values['model.layers.0.units']);
  const noise = new Rng(seed * 1000 + point, 'story').normal() * 0.004;
  const testRmse = 0.06 + 0.05 * Math.abs(Math.log10(lr / 0.005)) + 0.12 / units + (values['model.layers.0.activation'] === 'relu' ? 0.01 : 0) + noise;
  return { testRmse, testLoss: testRmse ** 2, testSparseness: Math.min(1, 0.1 + units / 40), loss: testRmse ** 2 * 0.9, valLoss: testRmse ** 2 * 1.05 };
}

/** The table of `spec` with the first `finished` runs done (all by default), the next one running. */
export function fixtureSweep(spec: SweepSpecInput, finished = Infinity): SweepTable {
  const plan = planSweep(spec);
  const runs: SweepRunResult[] = plan.runs.map((r, i) => ({
    point: r.point,
    seed: r.seed,
    id: `fixture-${r.key}`,
    status: i < finished ? (i === 5 ? 'failed' : 'succeeded') : i === finished ? 'running' : 'queued',
    metrics: i < finished && i !== 5 ? fakeMetrics(plan.points[r.point]!.values, r.seed, r.point) : {},
  }));
  return aggregateSweep(plan.points, runs, { metrics: ['testRmse', 'testSparseness', 'valLoss'] });
}
