import Database from 'better-sqlite3';
import { parseRunConfig } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { migrationSql, migrations } from './migrations.js';
import { migrate, openDatabase } from './db.js';
import { RunRegistry } from './runs.js';

const config = parseRunConfig({ data: { name: 'gaussian' } });

describe('the sweeps migration', () => {
  it('rebuilds the runs table of a version-4 database keeping runs, children, events and artifacts', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.slice(0, 4)) db.exec(migrationSql(m));
    db.pragma('user_version = 4');
    const reg4 = new RunRegistry(db);
    reg4.create({ id: 'exp', key: 'e'.repeat(16), name: 'E', dataset: 'mnist', model: 'ddae', seed: 0, config: null, kind: 'experiment', experiment: 'ddae', options: { quick: true } });
    reg4.createChild({ id: 'job', key: 'j'.repeat(16), name: 'J', status: 'succeeded', dataset: 'mnist', model: 'ELM', seed: 0, parentId: 'exp', jobKey: 'elm', experiment: 'ddae', options: {} });
    reg4.create({ id: 'solo', key: 's'.repeat(16), name: null, dataset: 'gaussian', model: 'dense', seed: 0, config });
    reg4.replaceArtifacts('solo', [{ path: 'run.json', kind: 'report', mediaType: 'application/json', size: 2, complete: true }]);
    const events = reg4.eventsAfter('solo', 0).length + reg4.eventsAfter('job', 0).length;

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const reg = new RunRegistry(db);
    expect(reg.get('job')).toMatchObject({ kind: 'job', parentId: 'exp', jobKey: 'elm', status: 'succeeded' });
    expect(reg.detail('solo')?.config?.data.name).toBe('gaussian');
    expect(reg.eventsAfter('solo', 0).length + reg.eventsAfter('job', 0).length).toBe(events);
    expect(reg.artifacts('solo').map((a) => a.path)).toEqual(['run.json']);
    // The references still cascade, and new rows continue the old sequence.
    reg.delete('exp');
    expect(reg.get('job')).toBeUndefined();
    expect(reg.eventsAfter('job', 0)).toEqual([]);
    reg.create({ id: 'sweep', key: 'w'.repeat(16), name: null, dataset: 'gaussian', model: 'dense', seed: 0, config: null, kind: 'sweep' });
    expect(reg.list({ limit: 10, offset: 0 }).items.map((r) => r.id)).toEqual(['sweep', 'solo']);
  });
});

describe('sweep runs in the registry', () => {
  it('hands out a sweep\'s training runs but never the sweep itself, and lists them under it', () => {
    const reg = new RunRegistry(openDatabase(':memory:'));
    reg.create({ id: 'sweep', key: 'w'.repeat(16), name: null, dataset: 'gaussian', model: 'dense', seed: 0, config: null, kind: 'sweep', options: { points: [] } });
    for (const k of ['p00-s0', 'p01-s0']) reg.create({ id: k, key: 'c'.repeat(16), name: k, dataset: 'gaussian', model: 'dense', seed: 0, config, parentId: 'sweep', jobKey: k, options: { point: 0, seed: 0 } });
    expect(reg.nextQueued(new Set())?.id).toBe('p00-s0');
    expect(reg.nextQueued(new Set(['p00-s0', 'p01-s0']))).toBeUndefined();
    expect(reg.list({ limit: 10, offset: 0 }).items.map((r) => r.id)).toEqual(['sweep']);
    expect(reg.children('sweep').map((c) => [c.summary.id, c.options])).toEqual([
      ['p00-s0', { point: 0, seed: 0 }],
      ['p01-s0', { point: 0, seed: 0 }],
    ]);
    expect(reg.childCounts('sweep')).toMatchObject({ queued: 2, running: 0 });
    expect(reg.detail('sweep')?.children?.counts.queued).toBe(2);
  });
});
