import Database from 'better-sqlite3';
import { parseRunConfig } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { migrationSql, migrations } from './migrations.js';
import { migrate, openDatabase } from './db.js';
import { RunRegistry } from './runs.js';

function registry(): RunRegistry {
  return new RunRegistry(openDatabase(':memory:'));
}

function add(reg: RunRegistry, id: string, data: 'gaussian' | 'mnist' = 'gaussian', seed = 0) {
  const config = parseRunConfig({ seed, data: { name: data } });
  return reg.create({ id, key: `${id}key`.padEnd(16, '0').slice(0, 16), name: null, dataset: data, model: 'dense', seed, config });
}

const epochEvent = (epoch: number, loss: number) =>
  ({ type: 'epoch', epoch, step: epoch * 10, elapsedMs: 1, loss, terms: { reconstruction: loss }, metrics: { rmse: Math.sqrt(loss) }, samplesPerSecond: 5, epochMs: 3 }) as const;

describe('migrations', () => {
  it('bring a new database to the latest version once', () => {
    const db = openDatabase(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  });

  it('refuse a database from a newer server', () => {
    const db = openDatabase(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this server knows/);
  });
});

describe('RunRegistry', () => {
  it('stores a run with a queued status event', () => {
    const reg = registry();
    const { summary, event } = add(reg, 'r1');
    expect(summary).toMatchObject({ id: 'r1', status: 'queued', dataset: 'gaussian', model: 'dense', attempt: 0, metrics: {}, progress: null });
    expect(event).toMatchObject({ runId: 'r1', type: 'status', status: 'queued' });
    expect(reg.detail('r1')?.config?.data.name).toBe('gaussian');
    expect(reg.get('nope')).toBeUndefined();
  });

  it('moves through the states with one event each, and keeps epoch history', () => {
    const reg = registry();
    add(reg, 'r1');
    reg.markRunning('r1');
    reg.appendEvent('r1', { type: 'train', event: epochEvent(1, 0.5) }, 'epoch');
    reg.appendEvent('r1', { type: 'train', event: { type: 'checkpoint', epoch: 1, step: 10, elapsedMs: 1 } }, 'checkpoint');
    reg.appendEvent('r1', { type: 'train', event: epochEvent(2, 0.25) }, 'epoch');
    reg.setCheckpoint('r1', { epoch: 1, step: 10, time: 't' });
    reg.markFinished('r1', 'failed', { error: { code: 'X', message: 'boom' } });
    const run = reg.detail('r1')!;
    expect(run).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'X', message: 'boom' }, checkpoint: { epoch: 1 } });
    expect(run.history.map((p) => [p.epoch, p.metrics.loss, p.metrics.rmse, p.metrics['terms.reconstruction']])).toEqual([
      [1, 0.5, Math.sqrt(0.5), 0.5],
      [2, 0.25, 0.5, 0.25],
    ]);
    const events = reg.eventsAfter('r1', 0);
    expect(events.map((e) => (e.type === 'status' ? e.status : e.type === 'train' ? e.event.type : e.type))).toEqual([
      'queued',
      'running',
      'epoch',
      'checkpoint',
      'epoch',
      'failed',
    ]);
    expect(reg.eventsAfter('r1', events[3]!.seq).map((e) => e.seq)).toEqual(events.slice(4).map((e) => e.seq));
    reg.requeue('r1', true);
    expect(reg.launchInfo('r1')?.resume).toBe(true);
    expect(reg.get('r1')).toMatchObject({ status: 'queued', error: null });
  });

  it('keeps the latest numbers of an epoch a resumed run repeated', () => {
    const reg = registry();
    add(reg, 'r1');
    for (const [epoch, loss] of [[1, 0.9], [2, 0.8], [3, 0.7], [2, 0.6], [3, 0.5], [4, 0.4]] as const) {
      reg.appendEvent('r1', { type: 'train', event: epochEvent(epoch, loss) }, 'epoch');
    }
    expect(reg.history('r1').map((p) => [p.epoch, p.metrics.loss])).toEqual([
      [1, 0.9],
      [2, 0.6],
      [3, 0.5],
      [4, 0.4],
    ]);
  });

  it('hands out queued runs oldest first', () => {
    const reg = registry();
    add(reg, 'a');
    add(reg, 'b');
    expect(reg.nextQueued(new Set())?.id).toBe('a');
    expect(reg.nextQueued(new Set(['a']))?.id).toBe('b');
    reg.markRunning('a');
    expect(reg.nextQueued(new Set())?.id).toBe('b');
    expect(reg.count('queued')).toBe(1);
  });

  it('filters and pages, newest first', () => {
    const reg = registry();
    for (let i = 0; i < 5; i++) add(reg, `g${i}`, 'gaussian', i);
    add(reg, 'm0', 'mnist');
    reg.markRunning('g1');
    expect(reg.list({ limit: 50, offset: 0 }).items.map((r) => r.id)).toEqual(['m0', 'g4', 'g3', 'g2', 'g1', 'g0']);
    expect(reg.list({ dataset: 'mnist', limit: 50, offset: 0 }).items.map((r) => r.id)).toEqual(['m0']);
    expect(reg.list({ status: ['running'], limit: 50, offset: 0 }).items.map((r) => r.id)).toEqual(['g1']);
    const page = reg.list({ dataset: 'gaussian', limit: 2, offset: 2 });
    expect(page).toMatchObject({ total: 5 });
    expect(page.items.map((r) => r.id)).toEqual(['g2', 'g1']);
    expect(reg.list({ model: 'conv', limit: 50, offset: 0 }).total).toBe(0);
  });

  it('replaces artifacts and deletes a run with its events', () => {
    const reg = registry();
    add(reg, 'r1');
    reg.replaceArtifacts('r1', [{ path: 'a.png', kind: 'figure', mediaType: 'image/png', size: 3, complete: false }]);
    reg.replaceArtifacts('r1', [{ path: 'b.png', kind: 'figure', mediaType: 'image/png', size: 4, complete: true }]);
    expect(reg.artifacts('r1')).toEqual([{ path: 'b.png', kind: 'figure', mediaType: 'image/png', size: 4, complete: true }]);
    expect(reg.delete('r1')).toBe(true);
    expect(reg.delete('r1')).toBe(false);
    expect(reg.eventsAfter('r1', 0)).toEqual([]);
    expect(reg.artifacts('r1')).toEqual([]);
  });

  it('lists every run\'s status changes after a seq', () => {
    const reg = registry();
    add(reg, 'a');
    const mark = reg.lastSeq();
    add(reg, 'b');
    reg.appendEvent('b', { type: 'log', level: 'info', message: 'x' });
    reg.markRunning('a');
    expect(reg.statusEventsAfter(mark).map((e) => [e.runId, e.type === 'status' && e.status])).toEqual([
      ['b', 'queued'],
      ['a', 'running'],
    ]);
  });
});

describe('nested runs', () => {
  function experiment(reg: RunRegistry, id: string) {
    return reg.create({ id, key: 'e'.repeat(16), name: null, dataset: 'mnist', model: 'ddae', seed: 0, config: null, kind: 'experiment', experiment: 'ddae', options: { quick: true } });
  }
  const child = (reg: RunRegistry, parentId: string, jobKey: string, status: 'running' | 'succeeded' = 'running') =>
    reg.createChild({ id: `${parentId}-${jobKey}`.toLowerCase(), key: 'c'.repeat(16), name: jobKey, status, dataset: 'mnist', model: 'ELM', seed: 0, parentId, jobKey, experiment: 'ddae', options: { model: 'ELM' } });

  it('upgrades a database of the first schema, keeping its runs as top-level training runs', () => {
    const db = new Database(':memory:');
    db.exec(migrationSql(migrations[0]!));
    db.pragma('user_version = 1');
    db.prepare(`INSERT INTO runs (id, key, name, status, dataset, model, seed, config, created_at) VALUES ('old', 'k', NULL, 'succeeded', 'gaussian', 'dense', 0, '{}', 't')`).run();
    migrate(db);
    const reg = new RunRegistry(db);
    expect(reg.get('old')).toMatchObject({ kind: 'training', parentId: null, experiment: null, jobKey: null });
    expect(reg.list({ limit: 50, offset: 0 }).items.map((r) => r.id)).toEqual(['old']);
  });

  it('lists top-level runs by default and a parent\'s jobs in plan order, one child per job key', () => {
    const reg = registry();
    add(reg, 'solo');
    experiment(reg, 'exp');
    child(reg, 'exp', 'b-job');
    child(reg, 'exp', 'a-job', 'succeeded');
    expect(reg.list({ limit: 50, offset: 0 }).items.map((r) => r.id)).toEqual(['exp', 'solo']);
    expect(reg.list({ parent: 'exp', limit: 50, offset: 0 }).items.map((r) => r.jobKey)).toEqual(['b-job', 'a-job']);
    expect(reg.list({ kind: 'experiment', limit: 50, offset: 0 }).items.map((r) => r.id)).toEqual(['exp']);
    expect(() => child(reg, 'exp', 'a-job')).toThrow(/UNIQUE/);
    expect(reg.child('exp', 'a-job')).toMatchObject({ status: 'succeeded', kind: 'job', parentId: 'exp', attempt: 1 });
    // Jobs run inside their experiment's worker: never handed out by the queue.
    reg.requeue('exp-b-job', false);
    expect(reg.nextQueued(new Set(['solo']))?.id).toBe('exp');
    expect(reg.nextQueued(new Set(['solo', 'exp']))).toBeUndefined();
  });

  it('summarises a parent\'s children and deletes them with it', () => {
    const reg = registry();
    experiment(reg, 'exp');
    child(reg, 'exp', 'one', 'succeeded');
    child(reg, 'exp', 'two');
    reg.markFinished('exp-two', 'interrupted');
    reg.setPlanned('exp', 3);
    reg.setTables('exp', [{ id: 't', title: 'T', columns: ['model'], rows: [['ELM']] }]);
    expect(reg.detail('exp')?.children).toEqual({
      planned: 3,
      counts: { queued: 0, running: 0, succeeded: 1, failed: 0, cancelled: 0, interrupted: 1 },
      tables: [{ id: 't', title: 'T', columns: ['model'], rows: [['ELM']] }],
    });
    expect(reg.detail('exp-one')?.children).toBeNull();
    expect(reg.delete('exp')).toBe(true);
    expect(reg.get('exp-one')).toBeUndefined();
    expect(reg.eventsAfter('exp-two', 0)).toEqual([]);
  });
});
