import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { validatePlayground } from '../config/validate.js';
import { until } from '../testing/until.js';
import { createInlinePort } from '../worker/port.js';
import { MAX_HISTORY, SessionStore } from './session.svelte.js';


function session() {
  const config = defaultConfig();
  const v = validatePlayground(config);
  if (!v.ok) throw new Error('invalid');
  const store = new SessionStore(() => createInlinePort({ sliceMs: 4 }), (cb) => setTimeout(cb, 0));
  return { store, config, runConfig: v.runConfig };
}

describe('SessionStore', () => {
  it('sets up, steps, trains, pauses and exports through the engine', async () => {
    const { store, config, runConfig } = session();
    store.setup(config, runConfig);
    await until(() => store.ready, 'the first snapshot');
    expect(store.codes).toHaveLength(600);
    expect(store.layout).toHaveLength(4);
    expect(store.showcase).toHaveLength(6);
    expect(new Set(Array.from(store.showcase.slice(0, 3), (i) => store.data!.labels[i]))).toEqual(new Set([0, 1, 2]));
    const codesBefore = Array.from(store.codes!);

    store.step();
    await until(() => store.steps === 1, 'one step');
    expect(store.status).toBe('paused');

    store.start();
    await until(() => store.epoch >= 3, 'three epochs');
    store.pause();
    await until(() => store.status === 'paused', 'the pause');
    const steps = store.steps;
    await new Promise((r) => setTimeout(r, 30));
    expect(store.steps).toBe(steps);
    expect(store.history.length).toBe(store.epoch);
    expect(store.history.map((h) => h.epoch)).toEqual(Array.from({ length: store.epoch }, (_, i) => i + 1));
    expect(Array.from(store.codes!)).not.toEqual(codesBefore);

    const weights = await store.exportWeights();
    expect(weights?.layers).toHaveLength(4);
    store.dispose();
  });

  it('resets to the same starting point for the same config', async () => {
    const { store, config, runConfig } = session();
    store.setup(config, runConfig);
    await until(() => store.ready, 'the first snapshot');
    const first = Array.from(store.params!);
    store.step(30);
    await until(() => store.steps === 30, 'thirty steps');
    const trained = Array.from(store.params!);
    store.setup(config, runConfig);
    expect(store.steps).toBe(0);
    expect(store.params).toBeNull();
    await until(() => store.params !== null, 'the snapshot after the reset');
    expect(Array.from(store.params!)).toEqual(first);
    expect(store.history).toEqual([]);
    store.step(30);
    await until(() => store.steps === 30, 'thirty steps again');
    expect(Array.from(store.params!)).toEqual(trained);
    store.dispose();
  });

  it('applies a learning rate while paused and says why it stopped', async () => {
    const { store, config, runConfig } = session();
    store.setup(config, runConfig);
    await until(() => store.ready, 'the first snapshot');
    store.applyLive({ maxEpochs: 2 });
    store.start();
    await until(() => store.status === 'stopped', 'the stop');
    expect(store.stopReason).toBe('completed');
    expect(store.stopMessage).toMatch(/maximum number of epochs/);
    store.applyLive({ maxEpochs: 3, learningRate: 0.001 });
    await until(() => store.status === 'paused', 'the lifted limit');
    store.step();
    await until(() => store.steps === 49, 'a step past the old limit');
    expect(store.error).toBeNull();
    store.applyLive({ learningRate: -1 });
    await until(() => store.error !== null, 'the error');
    expect(store.error).toMatch(/INVALID_ARGUMENT/);
    store.dispose();
  });

  it('thins a long loss curve but keeps its first and latest epochs', async () => {
    const config = defaultConfig();
    config.data = { name: 'gaussian', k: 3, d: 8, pointsPerCluster: 4, spread: 0.1, seed: 1 };
    config.training.epochs = MAX_HISTORY * 2 + 7;
    config.training.convergenceEpsilon = 1e-30;
    const v = validatePlayground(config);
    if (!v.ok) throw new Error('invalid');
    const store = new SessionStore(() => createInlinePort({ sliceMs: 4 }), (cb) => setTimeout(cb, 0));
    store.setup(config, v.runConfig);
    await until(() => store.ready, 'the first snapshot');
    store.start();
    await until(() => store.status === 'stopped', 'the last epoch', 60_000);
    const epochs = store.history.map((h) => h.epoch);
    expect(epochs.length).toBeLessThanOrEqual(MAX_HISTORY + 1);
    expect(epochs.length).toBeGreaterThan(MAX_HISTORY / 4);
    expect(epochs[0]).toBe(1);
    expect(epochs.at(-1)).toBe(MAX_HISTORY * 2 + 7);
    expect(epochs.every((e, i) => i === 0 || e > epochs[i - 1]!)).toBe(true);
    store.dispose();
  });
});
