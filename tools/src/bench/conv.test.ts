// `pnpm bench conv`, run as a user runs it: a child process from the repository root, on a few images.
import { describe, expect, it } from 'vitest';
import { runBench } from './shared/run-bench.js';

const bench = (args: string[]) => runBench('conv', args);

describe('bench conv', () => {
  it('--json prints only the rows, in the issue\'s field order', async () => {
    const r = await bench(['--backend', 'wasm', '--samples', '256', '--repeat', '1', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(['backend', 'samples', 'seconds', 'samplesPerSecond', 'threads']);
    expect(rows[0]).toMatchObject({ backend: 'wasm', samples: 256, threads: 1 });
    expect(rows[0]!.samplesPerSecond).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/loss 0\.\d+/);
  }, 120_000);

  it('refuses a bad number with the usage', async () => {
    const r = await bench(['--samples', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/positive integers[\s\S]*usage: pnpm bench conv/);
  });
});
