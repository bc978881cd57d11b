// `aelab reproduce cifar` end to end on generated CIFAR-10 batch files: one short epoch, as a user runs it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { writeCifarData } from './cifar-fixture.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-cifar-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const dataDir = writeCifarData(join(temp, 'data'), 40, 24);

describe('aelab reproduce cifar', () => {
  it('trains on every training image, scores on every test image and writes results, reports, figures and the model', async () => {
    const out = join(temp, 'run');
    const r = await runCli(['reproduce', 'cifar', '--epochs', '2', '--data-dir', dataDir, '--no-download', '--backend', 'wasm', '--threads', '1', '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown> & { perEpoch: { testLoss: number }[] };
    expect(doc).toEqual(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
    // 200 images in batches of 128: 2 iterations per epoch.
    expect(doc).toMatchObject({ iterations: 4, epochs: 2, trainImages: 200, testImages: 24, testImagesAvailable: 24 });
    for (const key of ['testLoss', 'finalTrainLoss', 'secondsPerEpoch']) {
      expect(typeof doc[key]).toBe('number');
      expect(Number.isFinite(doc[key])).toBe(true);
    }
    // BCE of sigmoid outputs near 0.5 against pixels in [0, 1]: about ln 2 before training.
    expect(doc.testLoss as number).toBeGreaterThan(0.3);
    expect(doc.testLoss as number).toBeLessThan(1);
    expect(doc.perEpoch[1]!.testLoss).toBe(doc.testLoss);
    for (const f of ['report.html', 'report.md', 'run.json', 'iterations.csv', 'model/model.json', 'model/weights.bin', 'figures/loss-0-500.png', 'figures/loss-all.png', 'figures/loss-epochs.png', 'figures/time.png', 'figures/reconstructions.png']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(readFileSync(join(out, 'iterations.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain("The document's numbers beside this run's");
    expect(md).toContain('every test image the data holds (24)');
    expect(md).toMatch(/\| seconds per epoch \| 1\.79 \| \d/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('data:image/png;base64,');
  });

  it('refuses a test size larger than the data with one line naming the fix', async () => {
    const r = await runCli(['reproduce', 'cifar', '--epochs', '1', '--test-size', '500', '--data-dir', dataDir, '--no-download', '--backend', 'cpu', '--out', join(temp, 'too-many')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/testSize 500 is larger than the 24 test images.*ask for 24 or fewer/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('aelab train on CIFAR-10 sizes', () => {
  it('takes --train-size and --test-size all, scoring on every test image', async () => {
    const out = join(temp, 'train-run');
    const r = await runCli(['train', '--preset', 'cifar-conv', '--train-size', '60', '--test-size', 'all', '--epochs', '1', '--data-dir', dataDir, '--backend', 'wasm', '--threads', '1', '--out', out, '--no-progress', '--json']);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: { split: string; count: number } };
    expect(doc.results).toMatchObject({ split: 'test', count: 24 });
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ data: { trainCount: 60, testCount: 24 } });
  });

  it('refuses a --test-size larger than the test images, naming the fix', async () => {
    const r = await runCli(['train', '--preset', 'cifar-conv', '--test-size', '100', '--epochs', '1', '--data-dir', dataDir, '--backend', 'cpu', '--out', join(temp, 'train-bad'), '--no-progress']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/testSize 100 is larger than the 24 test samples.*--test-size all/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
