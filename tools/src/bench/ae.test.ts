// `pnpm bench ae`, run as a user runs it: a child process from the repository root, on a few samples.
import { describe, expect, it } from 'vitest';
import { runBench } from './shared/run-bench.js';

const bench = (args: string[]) => runBench('ae', args);

const lossesOf = (stderr: string) => [...stderr.matchAll(/loss (\d+\.\d+)/g)].map((m) => Number(m[1]));

describe('bench ae', () => {
  it('--json prints only the rows', async () => {
    const r = await bench(['--backend', 'wasm', '--samples', '256', '--repeat', '1', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]!)).toEqual(['backend', 'threads', 'samples', 'seconds', 'samplesPerSecond']);
    expect(rows[0]).toMatchObject({ backend: 'wasm', samples: 256 });
    expect(rows[0]!.samplesPerSecond).toBeGreaterThan(0);
  });

  it("core's train() (the default step) and the raw, fast and manual steps train the same numbers", async () => {
    const r = await bench(['--backend', 'wasm', '--samples', '256', '--repeat', '2', '--step', 'model,raw,fast,manual', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.step)).toEqual(['model', 'raw', 'fast', 'manual']);
    // Epochs alternate between the steps: model, raw, fast, manual, then again.
    const losses = lossesOf(r.stderr);
    expect(losses).toHaveLength(8);
    for (const epoch of [0, 1]) {
      const [model, ...others] = losses.slice(4 * epoch, 4 * epoch + 4);
      for (const other of others) expect(other).toBeCloseTo(model!, 3);
    }
  });

  it('rejects a bad option in one line with exit code 2', async () => {
    const r = await bench(['--step', 'turbo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bench ae: --step is model, raw, fast or manual (or several, comma-separated), not turbo');
  });
});
