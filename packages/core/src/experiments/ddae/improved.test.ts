import { describe, expect, it } from 'vitest';
import { MemoryJobStore } from '../job-store.js';
import { MemoryArtifactSink } from '../memory-sink.js';
import { runExperiment, type ExperimentEvent } from '../runner.js';
import { testEnvironment } from '../testing.js';
import { FINAL_CANDIDATE, FINAL_UNLABELLED_CANDIDATE } from './ablation.js';
import { resolveDdaeConfig, ddaeOptionsSchema } from './definition.js';
import { createDdaeExperiment, type DdaeJobResult, type TableLoader } from './experiment.js';
import type { ResultsDocument } from './results.js';
import { twoClassSet } from './testing.js';

/** A bright bar on the left vs on the right: shifts by a pixel keep the class. */
const set = (count: number, offset: number) => twoClassSet(count, 4242 + offset, (p) => p % 8 < 4);

const loadTable: TableLoader = (dataset, config) =>
  Promise.resolve({
    dataset,
    train: set(100, 0),
    test: set(40, 1),
    imageShape: [8, 8],
    classes: 2,
    unlabelled: set(60, 2).x,
    info: { dataset, source: 'generated', trainCount: 100, testCount: 40, shape: [8, 8, 1], evaluation: config.holdout ? 'holdout' : 'test', warnings: [] },
  });

const small = { units: [10, 6], epochs: [1, 1], batchSize: 25 };
const config = {
  stacks: { mnist: small },
  improved: { stacks: { mnist: { ...small, dropConnect: { maskMode: 'per-sample-gaussian' } } }, members: 2, pixels: true, augment: { shift: 1, ae: true, kelm: true }, unlabelled: { count: 50 } },
  ablation: [{ name: 'base' }, { name: 'pixels', description: 'KELM on pixels and codes', config: { pixels: true } }],
  kelm: { C: [10], sigmaScales: [0.5, 1] },
};
const environment = testEnvironment();

async function run(options: Record<string, unknown>, store = new MemoryJobStore<DdaeJobResult>()) {
  const events: ExperimentEvent[] = [];
  const outcome = await runExperiment({ experiment: createDdaeExperiment(loadTable), options, store, artifacts: new MemoryArtifactSink(), environment, onEvent: (e) => void events.push(e) });
  return { outcome, events, store, doc: outcome.report?.results as ResultsDocument };
}

describe('the improved recipe (DDAE+)', () => {
  it('scores the candidates on validation data in holdout mode, keeps DDAE+U a row of its own, and resumes', async () => {
    const options = { models: ['DDAE+', 'DDAE+U'], seeds: 2, holdout: true, backend: 'cpu', config };
    const { outcome, doc, store } = await run(options);
    expect(outcome.error).toBeNull();
    expect(doc.rows.map((r) => `${r.model}/${r.seed}`)).toEqual(['DDAE+/0', 'DDAE+U/0', 'DDAE+/1', 'DDAE+U/1']);
    for (const row of doc.rows) expect(row.testAccuracy).toBeGreaterThan(0.9);
    // Candidates are ablation entries, never rows; each over both seeds, on validation data.
    const ablation = doc.tables.ablation;
    expect(ablation.map((e) => [e.candidate, e.evaluation, e.seeds])).toEqual([
      ['base', 'validation', [0, 1]],
      ['pixels', 'validation', [0, 1]],
      [FINAL_CANDIDATE, 'validation', [0, 1]],
      [FINAL_UNLABELLED_CANDIDATE, 'validation', [0, 1]],
    ]);
    const base = ablation.find((e) => e.candidate === 'base')!;
    const pixels = ablation.find((e) => e.candidate === 'pixels')!;
    expect(pixels.gainOverBase).toBeCloseTo(pixels.mean - base.mean, 12);
    expect(pixels.stderr).toBeGreaterThanOrEqual(0);
    const final = ablation.find((e) => e.candidate === FINAL_CANDIDATE)!;
    expect(final.accuracies).toEqual(doc.rows.filter((r) => r.model === 'DDAE+').map((r) => r.testAccuracy));
    expect(final.description).toBe('10-6 stack, 1 + 1 epochs, per-sample-gaussian masks (p 0.9), KELM on pixels + codes, ensemble of 2, 1-pixel shifts for the AE and KELM');
    expect(ablation.find((e) => e.candidate === FINAL_UNLABELLED_CANDIDATE)!.description).toMatch(/pretraining also on 50 unlabelled digits/);
    expect([...store.records.keys()]).toEqual([
      'mnist-ablation-base-seed0',
      'mnist-ablation-pixels-seed0',
      'mnist-DDAEplus-seed0',
      'mnist-DDAEplusU-seed0',
      'mnist-ablation-base-seed1',
      'mnist-ablation-pixels-seed1',
      'mnist-DDAEplus-seed1',
      'mnist-DDAEplusU-seed1',
    ]);
    // Each member of a seed's ensemble has its own seed drawn from the row's seed, and its own KELM choice.
    const selections = outcome.report!.runInfo.selections as { model: string; seed: number; params: Record<string, unknown> }[];
    expect(selections.filter((s) => s.model === 'DDAE+').map((s) => [s.seed, s.params['member seed']])).toEqual([
      [0, 0],
      [0, 1],
      [1, 1000],
      [1, 1001],
    ]);
    expect(outcome.report!.markdown).toContain('## Ablation of the improved recipe');
    expect(outcome.report!.markdown).toContain('| DDAE+U (unlabelled pretraining) | 2 |');
    expect(outcome.report!.markdown).toMatch(/DDAE\+ on MNIST .* on validation data \(holdout mode\)/);
    expect(outcome.report!.tables.map((t) => t.id)).toContain('ablation-of-the-improved-recipe');

    // Run again on the same store: every job is already finished, nothing is recomputed, same document.
    const again = await run(options, store);
    expect(again.outcome.error).toBeNull();
    expect(again.events.filter((e) => e.type === 'job-start')).toEqual([]);
    expect(again.doc.tables.ablation).toEqual(ablation);
  }, 120_000);

  it('touches the test split once per seed with the final recipe and runs no candidate outside holdout mode', async () => {
    const { outcome, doc, store } = await run({ models: ['DDAE+'], seeds: 1, backend: 'cpu', config });
    expect(outcome.error).toBeNull();
    expect([...store.records.keys()]).toEqual(['mnist-DDAEplus-seed0']);
    expect(doc.tables.ablation.map((e) => [e.candidate, e.evaluation])).toEqual([[FINAL_CANDIDATE, 'test']]);
    const summary = doc.summary.find((e) => e.model === 'DDAE+')!;
    // DDAE+ is measured against the paper's DDAE (Table 3.2).
    expect(summary.paper?.testAccuracy).toBe(0.9764);
    expect(outcome.report!.markdown).toMatch(/goal not judged \(fewer than 3 seeds\)/);
  }, 60_000);

  it('adds DDAE+ and DDAE+U to the default rows with --recipe improved and leaves the faithful recipe alone', () => {
    const faithful = resolveDdaeConfig(ddaeOptionsSchema.parse({}));
    expect(faithful.models).toEqual(['ELM', 'RELM', 'KELM', 'AE', 'SAE', 'DAE', 'DDAE']);
    expect(faithful.stacks.usps).toMatchObject({ units: [500, 300], epochs: [20, 20], dropConnect: { maskMode: 'per-minibatch', keepProbability: 0.9 } });
    expect(faithful.stacks.usps.fineTune).toBeUndefined();
    const improved = resolveDdaeConfig(ddaeOptionsSchema.parse({ recipe: 'improved' }));
    expect(improved.models).toEqual([...faithful.models, 'DDAE+', 'DDAE+U']);
    expect(improved.stacks).toEqual(faithful.stacks);
    expect(resolveDdaeConfig(ddaeOptionsSchema.parse({ recipe: 'improved', models: ['DDAE+'] })).models).toEqual(['DDAE+']);
  });
});
