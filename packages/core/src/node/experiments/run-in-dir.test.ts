import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDdaeExperiment, type TableLoader } from '../../experiments/ddae/experiment.js';
import type { LabelledSet } from '../../experiments/ddae/table-data.js';
import type { ExperimentEvent } from '../../experiments/runner.js';
import { runExperimentInDir } from './run-in-dir.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-run-in-dir-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function set(count: number): LabelledSet {
  const data = Float32Array.from({ length: count * 16 }, (_, t) => ((Math.floor(t / 16) % 2 === 0) === t % 16 < 8 ? 0.9 : 0.1));
  return { x: { data, rows: count, cols: 16 }, y: Int32Array.from({ length: count }, (_, i) => i % 2) };
}

const loadTable: TableLoader = (dataset) =>
  Promise.resolve({
    dataset,
    train: set(60),
    test: set(20),
    imageShape: [4, 4],
    classes: 2,
    info: { dataset, source: 'generated', trainCount: 60, testCount: 20, shape: [4, 4, 1], evaluation: 'test', warnings: [] },
  });

const experiment = createDdaeExperiment(loadTable);
const options = {
  models: ['KELM', 'DDAE'],
  seeds: 1,
  backend: 'cpu',
  config: { stacks: { mnist: { units: [6, 4], epochs: [1, 1], batchSize: 20 } }, kelm: { C: [10], sigmaScales: [1] } },
};

describe('runExperimentInDir', () => {
  it('keeps finished jobs through an interruption and skips them when run again in the same directory', async () => {
    const outDir = join(temp, 'run');
    const controller = new AbortController();
    const first = await runExperimentInDir({
      experiment,
      options,
      outDir,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'job-end') controller.abort('shutdown');
      },
    });
    expect(first.status).toBe('interrupted');
    const run = JSON.parse(readFileSync(join(outDir, 'run.json'), 'utf8')) as { status: string; experiment: string };
    expect(run).toMatchObject({ status: 'interrupted', experiment: 'ddae' });
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toMatch(/This run is interrupted/);
    const kelmChild = readFileSync(join(outDir, 'children/mnist-KELM-seed0/run.json'), 'utf8');
    expect(JSON.parse(kelmChild)).toMatchObject({ status: 'succeeded', result: { rows: [{ model: 'KELM' }] } });

    const events: ExperimentEvent[] = [];
    const second = await runExperimentInDir({ experiment, options: { ...options, backend: 'wasm' }, outDir, onEvent: (e) => void events.push(e) });
    expect(second.status).toBe('succeeded');
    expect(second.reused).toBe(1);
    expect(events.filter((e) => e.type === 'job-start').map((e) => e.type === 'job-start' && e.job.key)).toEqual(['mnist-DDAE-seed0']);
    expect(events.some((e) => e.type === 'note' && /1 of 2 jobs already finished/.test(e.message))).toBe(true);
    // The finished child was not touched: same record, same time.
    expect(readFileSync(join(outDir, 'children/mnist-KELM-seed0/run.json'), 'utf8')).toBe(kelmChild);
    const results = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as { rows: { model: string }[] };
    expect(results.rows.map((r) => r.model)).toEqual(['KELM', 'DDAE']);
    expect(JSON.parse(readFileSync(join(outDir, 'children/mnist-DDAE-seed0/run.json'), 'utf8'))).toMatchObject({ status: 'succeeded' });
  });

  it('refuses a directory holding other options, a file, or another experiment', async () => {
    const outDir = join(temp, 'other');
    await runExperimentInDir({ experiment, options: { ...options, models: ['KELM'] }, outDir });
    await expect(runExperimentInDir({ experiment, options, outDir })).rejects.toMatchObject({ code: 'OUTPUT_DIR', message: expect.stringMatching(/other options/) });
    const file = join(temp, 'file');
    writeFileSync(file, 'x');
    await expect(runExperimentInDir({ experiment, options, outDir: file })).rejects.toMatchObject({ code: 'OUTPUT_DIR', message: expect.stringMatching(/not a directory/) });
    const foreign = join(temp, 'foreign');
    await runExperimentInDir({ experiment, options: { ...options, models: ['KELM'] }, outDir: foreign });
    const runFile = join(foreign, 'run.json');
    writeFileSync(runFile, JSON.stringify({ ...JSON.parse(readFileSync(runFile, 'utf8')), experiment: 'lab' }));
    await expect(runExperimentInDir({ experiment, options, outDir: foreign })).rejects.toMatchObject({ code: 'OUTPUT_DIR', message: expect.stringMatching(/"lab" run/) });
  });
});
