import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appRouter } from './router.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module specifier a file imports (static imports and re-exports, type-only ones included). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

describe('the router', () => {
  it('has every procedure the clients use', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures).toEqual(
      [
        'backends.info',
        'datasets.list',
        'experiments.list',
        'experiments.submit',
        'runs.artifacts',
        'runs.cancel',
        'runs.create',
        'runs.delete',
        'runs.events',
        'runs.get',
        'runs.list',
        'runs.logs',
        'runs.resume',
        'runs.watch',
        'sweeps.create',
        'sweeps.get',
        'workers.list',
      ].sort(),
    );
  });

  it('reaches no Node-only module, so the web app can typecheck AppRouter', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const s of specifiers(file)) {
        if (s.startsWith('.')) visit(join(dirname(file), s.replace(/\.js$/, '.ts')));
        else external.add(s);
      }
    };
    visit(join(here, 'index.ts'));
    visit(join(here, 'router.ts'));
    expect([...seen].map((f) => f.slice(here.length + 1)).sort()).toEqual(['api.ts', 'errors.ts', 'index.ts', 'router.ts', 'service-api.ts', 'train-event.ts', 'trpc.ts']);
    expect([...external].sort()).toEqual(['@aelab/core', '@trpc/server', '@trpc/server/rpc', 'zod']);
  });
});
