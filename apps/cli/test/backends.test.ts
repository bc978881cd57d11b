// `aelab backends`, run as a user runs it: a child process from the repository root.
import { describe, expect, it } from 'vitest';
import { runCli as aelab } from './cli.js';


interface Report {
  backends: { backend: string; available: boolean; reason?: string; detail?: string }[];
  auto: { backend: string; tfBackend: string; skipped: { backend: string; reason: string }[] };
}

describe('aelab backends', () => {
  it('--json prints one document listing every backend and what auto picks', async () => {
    const r = await aelab(['backends', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.backends.map((b) => b.backend).sort()).toEqual(['blas', 'cpu', 'node', 'node-gpu', 'wasm', 'webgl', 'webgpu']);
    for (const b of report.backends) expect(b.available || (b.reason ?? '').length > 0).toBe(true);
    expect(report.backends.find((b) => b.backend === 'wasm')?.available).toBe(true);
    const available = report.backends.filter((b) => b.available).map((b) => b.backend);
    expect(available).toContain(report.auto.backend);
    expect(report.auto.skipped.every((s) => !available.includes(s.backend))).toBe(true);
  });

  it('prints a table and the auto choice', async () => {
    const r = await aelab(['backends']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend\s+available\s+notes\n/);
    expect(r.stdout).toMatch(/\nwasm\s+yes\s+SIMD (on|off), 1 thread\n/);
    expect(r.stdout).toMatch(/\nauto picks: \S+/);
  });

  it('rejects a bad thread count in one line', async () => {
    const r = await aelab(['backends', '--wasm-threads', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('aelab: --wasm-threads takes a positive integer, not "0" [INVALID_ARGUMENT]');
  });
});
