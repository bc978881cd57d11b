// `aelab reproduce lab` as a user runs it, on a few hundred digits (one epoch, two layouts, ReLU only).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-lab-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const aelab = (args: string[]) => runCli(args, { AELAB_DATA_DIR: '' });

const tiny = ['--no-download', '--limit-train', '300', '--limit-test', '100', '--max-epochs', '1', '--activations', 'relu'];

describe('aelab reproduce lab', () => {
  it('runs part 3 on two layouts and prints results.json with the classification table', async () => {
    const out = join(temp, 'run');
    const r = await aelab(['reproduce', 'lab', '--parts', '3', '--layouts', '128,none', ...tiny, '--out', out, '--json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { tables: { classification: { layout: string; activation: string; testAccuracy: number }[]; sparseness: unknown[] } };
    expect(doc.tables.classification.map((c) => `${c.layout}/${c.activation}`)).toEqual(['128/relu', 'none/none']);
    for (const c of doc.tables.classification) expect(c.testAccuracy).toBeGreaterThan(0.2);
    expect(doc.tables.sparseness).toHaveLength(12);
    for (const f of ['results.json', 'run.json', 'report.md', 'report.html']) expect(existsSync(join(out, f))).toBe(true);
  }, 300_000);

  it('rejects an unknown part with one line and a non-zero exit', async () => {
    const r = await aelab(['reproduce', 'lab', '--parts', '4', '--out', join(temp, 'bad')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--parts/);
  }, 120_000);
});
