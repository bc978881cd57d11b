import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labOptionsSchema, resolveLabRecipe, type LabResults } from '../../experiments/lab/index.js';
import { loadLabData } from './lab-data.js';
import { getExperiment } from './registry.js';
import { runExperimentInDir } from './run-in-dir.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-lab-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// The fastest backend that loads (OpenBLAS when built, else WASM): the plain JS one takes minutes on 1,024 units.
const tiny = { limitTrain: 300, limitTest: 100, maxEpochs: 1, download: false, backend: 'auto' } as const;

describe('loadLabData', () => {
  it('draws binary, stratified, disjoint train / validation / test digits and says where they came from', async () => {
    const recipe = resolveLabRecipe(labOptionsSchema.parse({ limitTrain: 500, limitTest: 200, download: false }));
    const notes: string[] = [];
    const data = await loadLabData(recipe, (m) => notes.push(m), { download: false });
    expect([data.train.x.rows, data.validation.x.rows, data.test.x.rows]).toEqual([400, 100, 200]);
    expect(data.train.x.cols).toBe(784);
    expect(new Set(data.train.x.data)).toEqual(new Set([0, 1]));
    for (const set of [data.train, data.validation, data.test]) expect(new Set(set.y).size).toBe(10);
    expect(data.info.source).toMatch(/stratified, seed 0/);
    if (data.info.embedded) expect(data.info.source).toMatch(/embedded/);
  });
});

describe('the lab experiment end to end', () => {
  it('runs parts 1 and 3 on a few hundred digits, writes Table 2 and the figures, and resumes without rerunning', async () => {
    const outDir = join(temp, 'p13');
    const options = { ...tiny, parts: ['1', '3'], activations: ['relu'], layouts: ['256-128', 'none'] };
    const first = await runExperimentInDir({ experiment: getExperiment('lab'), options, outDir });
    expect(first.error).toBeNull();
    expect(first.status).toBe('succeeded');
    const doc = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as LabResults;
    expect(doc.tables.classification.map((r) => [r.layout, r.activation])).toEqual([
      ['256-128', 'relu'],
      ['none', 'none'],
    ]);
    for (const r of doc.tables.classification) {
      expect(Object.keys(r).sort()).toEqual(['activation', 'epochs', 'layout', 'seconds', 'testAccuracy', 'testAccuracyStd']);
      expect(r.testAccuracy).toBeGreaterThan(0.2);
      expect(r.testAccuracy).toBeLessThanOrEqual(1);
      expect(r.epochs).toBe(1);
    }
    expect(doc.tables.under.map((r) => r.units)).toEqual([128, 256, 512]);
    const run = JSON.parse(readFileSync(join(outDir, 'run.json'), 'utf8')) as { figures: { file: string }[] };
    const files = run.figures.map((f) => f.file);
    expect(files).toContain('figures/under-relu-128-reconstructions.png');
    expect(files).toContain('figures/stack-relu-256-128-layer2.png');
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('data:image/png;base64,');
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toContain('| 256-128 | relu |');

    const again = await runExperimentInDir({ experiment: getExperiment('lab'), options, outDir });
    expect(again.status).toBe('succeeded');
    expect(again.reused).toBe(5);
  }, 300_000);

  it('part 2 always reports the 12 rows of Table 1, and both penalty forms', async () => {
    const outDir = join(temp, 'p2');
    const outcome = await runExperimentInDir({ experiment: getExperiment('lab'), options: { ...tiny, limitTrain: 100, limitTest: 50, parts: ['2'], activations: ['relu'] }, outDir });
    expect(outcome.status).toBe('succeeded');
    const doc = outcome.report!.results as LabResults;
    expect(doc.tables.sparseness).toHaveLength(12);
    expect(doc.tables.sparseness[0]).toEqual({ activation: 'ReLU', regularisation: 'L1 norm', parameter: 1e-5, sparseness: expect.any(Number) });
    // Sigmoid rows were not run: present, with no value.
    expect(doc.tables.sparseness[1]).toMatchObject({ activation: 'Sigmoid', sparseness: null });
    expect(doc.tables.sparsenessOtherForm).toHaveLength(8);
    expect(['activity', 'weights']).toContain(doc.sparsenessForm.form);
    for (const r of doc.tables.sparseness) if (r.sparseness !== null) expect(r.sparseness).toBeGreaterThanOrEqual(0);
  }, 300_000);
});
