// `aelab reproduce ddae` end to end, as a user runs it, on a tiny slice of the embedded digits (one epoch).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-reproduce-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const aelab = (args: string[]) => runCli(args, { AELAB_DATA_DIR: '' });

/** Every 20th of the 10,000 embedded digits for training and every 40th (offset) for test: all ten classes, disjoint. */
function tinySplit(): string {
  const train = Array.from({ length: 500 }, (_, i) => i * 20);
  const test = Array.from({ length: 250 }, (_, i) => i * 40 + 7);
  const file = join(temp, 'split.json');
  writeFileSync(file, JSON.stringify({ train, test }));
  return file;
}

const tiny = {
  stacks: { mnist: { units: [48, 24], epochs: [1, 1], batchSize: 50, learningRate: 0.01 } },
  elm: { hidden: [80], C: [1], seeds: 2 },
  kelm: { C: [10], sigmaScales: [0.7, 1] },
};

describe('aelab reproduce ddae', () => {
  it('runs every row on a tiny split and writes results.json, reports, figures and models', async () => {
    const out = join(temp, 'run');
    const configFile = join(temp, 'tiny.json');
    writeFileSync(configFile, JSON.stringify(tiny));
    const r = await aelab(['reproduce', 'ddae', '--quick', '--split-file', tinySplit(), '--config', configFile, '--backend', 'wasm', '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    // --json: stdout is exactly results.json.
    const doc = JSON.parse(r.stdout) as {
      rows: { model: string; dataset: string; seed: number; trainAccuracy: number; testAccuracy: number; seconds: number }[];
      summary: { model: string; testAccuracy: { mean: number }; paper: unknown }[];
      config: { mode: string; mnist: { splitFile: string } };
    };
    expect(doc).toEqual(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    expect(Object.keys(doc).sort()).toEqual(['config', 'rows', 'summary', 'tables']);
    expect(doc.config.mode).toBe('quick');
    const models = [...new Set(doc.rows.map((row) => row.model))].sort();
    expect(models).toEqual(['AE', 'DAE', 'DDAE', 'ELM', 'KELM', 'RELM', 'SAE']);
    expect(doc.rows.filter((row) => row.model === 'ELM')).toHaveLength(2);
    for (const row of doc.rows) {
      expect(Object.keys(row).sort()).toEqual(['dataset', 'model', 'seconds', 'seed', 'testAccuracy', 'trainAccuracy']);
      expect(row.dataset).toBe('mnist');
      expect(row.trainAccuracy).toBeGreaterThanOrEqual(0);
      expect(row.trainAccuracy).toBeLessThanOrEqual(1);
      // Ten classes: chance is 10%; even one epoch on 500 digits is far above it.
      expect(row.testAccuracy).toBeGreaterThan(0.3);
      expect(row.testAccuracy).toBeLessThanOrEqual(1);
      expect(row.seconds).toBeGreaterThan(0);
    }
    const kelm = doc.rows.find((row) => row.model === 'KELM')!;
    expect(kelm.testAccuracy).toBeGreaterThan(0.7);
    expect(doc.summary.map((s) => s.model)).toEqual(['ELM', 'RELM', 'KELM', 'AE', 'SAE', 'DAE', 'DDAE']);
    expect(doc.summary.every((s) => s.paper !== null)).toBe(true);

    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('| model | runs | train % | test % |');
    expect(md).toContain('| DDAE | 1 |');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(8);
    expect(html).toContain('97.64');
    for (const model of ['AE', 'SAE', 'DAE', 'DDAE']) {
      expect(existsSync(join(out, 'figures', `mnist-${model}-weights.png`))).toBe(true);
      expect(existsSync(join(out, 'figures', `mnist-${model}-reconstruction.png`))).toBe(true);
      expect(existsSync(join(out, 'models', `mnist-${model}-seed0`, 'model.json'))).toBe(true);
    }
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { status: string; backend: { name: string }; datasets: { trainCount: number; testCount: number }[] };
    expect(run.status).toBe('succeeded');
    expect(run.backend.name).toBe('wasm');
    expect(run.datasets[0]).toMatchObject({ trainCount: 500, testCount: 250 });
    // One child run per job: ELM and RELM once, KELM and each stack row per seed.
    const children = readdirSync(join(out, 'children')).sort();
    expect(children).toEqual(['mnist-AE-seed0', 'mnist-DAE-seed0', 'mnist-DDAE-seed0', 'mnist-ELM', 'mnist-KELM-seed0', 'mnist-RELM', 'mnist-SAE-seed0']);
    const ddaeChild = JSON.parse(readFileSync(join(out, 'children', 'mnist-DDAE-seed0', 'run.json'), 'utf8')) as { status: string; finishedAt: string };
    expect(ddaeChild.status).toBe('succeeded');

    // The same command on the finished directory recomputes nothing and gives the same document.
    const again = await aelab(['reproduce', 'ddae', '--quick', '--split-file', tinySplit(), '--config', configFile, '--backend', 'wasm', '--out', out, '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/7 of 7 jobs already finished/);
    expect(JSON.parse(again.stdout)).toEqual(doc);
    expect(JSON.parse(readFileSync(join(out, 'children', 'mnist-DDAE-seed0', 'run.json'), 'utf8'))).toEqual(ddaeChild);

    // Other options on the same directory: refused, nothing touched.
    const other = await aelab(['reproduce', 'ddae', '--quick', '--split-file', tinySplit(), '--config', configFile, '--models', 'ELM', '--out', out]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a ddae run with other options/);
  });

  it('runs only the DDAE+ row with --recipe improved --models DDAE+, the candidates with --holdout, and resumes', async () => {
    const out = join(temp, 'improved');
    const configFile = join(temp, 'improved.json');
    const stack = { units: [48, 24], epochs: [1, 1], batchSize: 50, learningRate: 0.01 };
    writeFileSync(
      configFile,
      JSON.stringify({
        ...tiny,
        improved: { stacks: { mnist: { ...stack, dropConnect: { maskMode: 'per-sample-gaussian' } } }, members: 2, pixels: true, augment: { shift: 1 } },
        ablation: [{ name: 'base' }, { name: 'pixels', config: { pixels: true } }],
      }),
    );
    const args = ['reproduce', 'ddae', '--quick', '--split-file', tinySplit(), '--config', configFile, '--recipe', 'improved', '--models', 'ddae+', '--holdout', '--backend', 'wasm', '--out', out, '--json'];
    const r = await aelab(args);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: { model: string; testAccuracy: number }[]; tables: { ablation: { candidate: string; evaluation: string }[] } };
    expect(doc.rows.map((row) => row.model)).toEqual(['DDAE+']);
    expect(doc.rows[0]!.testAccuracy).toBeGreaterThan(0.5);
    expect(doc.tables.ablation.map((e) => `${e.candidate}: ${e.evaluation}`)).toEqual(['base: validation', 'pixels: validation', 'final (DDAE+): validation']);
    expect(readdirSync(join(out, 'children')).sort()).toEqual(['mnist-DDAEplus-seed0', 'mnist-ablation-base-seed0', 'mnist-ablation-pixels-seed0']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Ablation of the improved recipe');
    const again = await aelab(args);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/3 of 3 jobs already finished/);
    expect(JSON.parse(again.stdout)).toEqual(doc);
  });

  it('rejects a bad option with one line and exit code 2', async () => {
    const r = await aelab(['reproduce', 'ddae', '--dataset', 'imagenet', '--out', join(temp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('aelab: unknown dataset "imagenet" (use mnist, usps, mnist-full or all) [INVALID_OPTIONS]');
    expect(r.stdout).toBe('');
  });
});
