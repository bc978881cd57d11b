import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import type { ReproduceEvent } from './experiment.js';
import { reproduceDdae } from './run.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-reproduce-run-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('reproduceDdae', () => {
  it('stops cleanly on abort and keeps the rows finished so far', async () => {
    const splitFile = join(temp, 'split.json');
    writeFileSync(splitFile, JSON.stringify({ train: Array.from({ length: 300 }, (_, i) => i * 33), test: Array.from({ length: 100 }, (_, i) => i * 99 + 1) }));
    const config = resolveConfig('quick', { backend: 'wasm', models: ['ELM', 'KELM'], mnist: { splitFile }, elm: { hidden: [50], seeds: 5 } });
    const controller = new AbortController();
    const events: ReproduceEvent['type'][] = [];
    const outDir = join(temp, 'out');
    const outcome = await reproduceDdae(config, {
      outDir,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e.type);
        if (e.type === 'row') controller.abort();
      },
    });
    expect(outcome.info.status).toBe('stopped');
    expect(outcome.document.rows).toHaveLength(1);
    expect(events).toContain('plan');
    expect(events).not.toContain('job-end');
    const saved = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as { rows: unknown[] };
    expect(saved.rows).toEqual(outcome.document.rows);
    expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toMatch(/This run is stopped/);
    expect(JSON.parse(readFileSync(join(outDir, 'run.json'), 'utf8'))).toMatchObject({ status: 'stopped' });
  });
});
