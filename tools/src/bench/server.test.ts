// `pnpm bench server`, run as a user runs it, on a few runs: both modes work end to end and report their rows.
import { describe, expect, it } from 'vitest';
import { runBench } from './shared/run-bench.js';

const bench = (args: string[]) => runBench('server', args);

describe('bench server', () => {
  it('measures both modes on a few runs and says every run ended and every client saw it', async () => {
    const r = await bench(['--runs', '4', '--clients', '3', '--calls', '4', '--rate', '20', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { mode: string; what: string; count: number; p99_ms: number | null; note: string }[];
    for (const mode of ['embedded', 'queue']) {
      const of = (what: string) => rows.find((row) => row.mode === mode && row.what === what)!;
      expect(of('runs.create').count).toBe(4);
      expect(of('runs.list').count).toBeGreaterThanOrEqual(4);
      expect(of('runs.get').count).toBeGreaterThanOrEqual(4);
      expect(of('runs.get').p99_ms).toBeGreaterThan(0);
      expect(of('runs succeeded').note).toMatch(/^4\/4 /);
      expect(of('followed to their end').note).toBe('4/4 runs');
      expect(of('watchers saw every end').note).toBe('3/3 clients');
    }
  }, 120_000);

  it('rejects a bad option in one line with exit code 2', async () => {
    const r = await bench(['--mode', 'cloud']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('bench server: --mode is embedded, queue or both, not cloud\n');
  });
});
