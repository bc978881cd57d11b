import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { configToSearch } from '../config/url.js';
import { ConfigStore } from './config.svelte.js';

describe('ConfigStore', () => {
  it('starts valid with the defaults and revalidates on every change', () => {
    const store = new ConfigStore();
    expect(store.valid).toBe(true);
    store.config.training.learningRate = Number.NaN;
    expect(store.valid).toBe(false);
    expect(store.errors).toEqual({ 'training.learningRate': 'enter a number' });
    store.config.training.learningRate = 0.02;
    expect(store.valid).toBe(true);
  });

  it('separates live settings from the structure', () => {
    const store = new ConfigStore();
    const key = store.structureKey;
    store.config.training.learningRate = 0.5;
    store.config.training.batchSize = 20;
    expect(store.structureKey).toBe(key);
    expect(store.live).toMatchObject({ learningRate: 0.5, batchSize: 20, maxEpochs: 1000 });
    store.config.model.layers[0]!.units = 6;
    expect(store.structureKey).not.toBe(key);
  });

  it('adds and removes layers around the code layer, keeping its index right', () => {
    const store = new ConfigStore();
    store.addLayer(store.config.model.codeLayer); // encoder side
    expect(store.config.model.layers.map((l) => l.units)).toEqual([8, 4, 2, 8]);
    expect(store.config.model.codeLayer).toBe(2);
    store.addLayer(store.config.model.codeLayer + 1); // decoder side
    expect(store.config.model.layers.map((l) => l.units)).toEqual([8, 4, 2, 4, 8]);
    expect(store.config.model.codeLayer).toBe(2);
    store.removeLayer(0);
    expect(store.config.model.codeLayer).toBe(1);
    store.removeLayer(1); // the code layer stays
    expect(store.config.model.layers).toHaveLength(4);
    expect(store.valid).toBe(true);
  });

  it('switches the optimizer with its defaults and a suitable learning rate', () => {
    const store = new ConfigStore();
    store.setOptimizerType('momentum');
    expect(store.config.training.optimizer).toEqual({ type: 'momentum', momentum: 0.9, nesterov: false });
    expect(store.config.training.learningRate).toBe(0.05);
  });

  it('remembers the cluster settings across a CSV and regenerates with a new seed', () => {
    const store = new ConfigStore();
    if (store.config.data.name === 'gaussian') store.config.data.k = 5;
    store.useInline({ name: 'inline', points: [[0, 1], [1, 0]] });
    expect(store.config.data.name).toBe('inline');
    store.useGaussian();
    expect(store.config.data).toMatchObject({ name: 'gaussian', k: 5, seed: 1 });
    store.regenerate();
    expect(store.config.data).toMatchObject({ seed: 2 });
  });

  it('reads and writes the URL', () => {
    const config = defaultConfig();
    config.training.learningRate = 0.003;
    const store = ConfigStore.fromSearch(configToSearch(config));
    expect(store.plain()).toEqual(config);
    expect(store.toSearch().search).toBe(configToSearch(config));
  });
});
