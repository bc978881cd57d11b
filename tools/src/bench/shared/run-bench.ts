// Test helper: `pnpm bench NAME` as a user runs it, a child process of bench.ts (from source) in the repository root.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../../..');

export function runBench(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    execFile(process.execPath, ['--conditions=source', '--import', 'tsx', 'tools/src/bench.ts', name, ...args], { cwd: root }, (err, stdout, stderr) =>
      ok({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
