import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults.js';
import type { PlaygroundConfig } from './types.js';
import { configFromParams, configToParams, configToSearch, MAX_URL_POINTS_CHARS, parseConfigParams } from './url.js';
import { validatePlayground } from './validate.js';

const roundTrip = (c: PlaygroundConfig) => configFromParams(new URLSearchParams(configToSearch(c)));

describe('URL (de)serialiser', () => {
  it('round-trips the default config', () => {
    expect(roundTrip(defaultConfig())).toEqual(defaultConfig());
  });

  it('writes readable flat parameters', () => {
    const search = configToSearch(defaultConfig());
    expect(search).toContain('layers=8.tanh_2.identity_8.tanh');
    expect(search).toContain('opt=adam');
    expect(search).toContain('lr=0.01');
    expect(search).toContain('conv=1e-7');
    expect(search).not.toMatch(/%/);
  });

  it('round-trips every optimizer with its parameters', () => {
    const c = defaultConfig();
    for (const optimizer of [
      { type: 'sgd' as const },
      { type: 'momentum' as const, momentum: 0.8, nesterov: true },
      { type: 'rmsprop' as const, decay: 0.95, momentum: 0.1, epsilon: 1e-6 },
      { type: 'adam' as const, beta1: 0.8, beta2: 0.99, epsilon: 1e-8 },
    ]) {
      c.training.optimizer = optimizer;
      expect(roundTrip(c).training.optimizer).toEqual(optimizer);
    }
  });

  it('round-trips a changed network, data and training settings', () => {
    const c = defaultConfig();
    c.seed = 42;
    c.data = { name: 'gaussian', k: 5, d: 12, pointsPerCluster: 40, spread: 0.05, seed: 7 };
    c.model = { type: 'dense', layers: [{ units: 16, activation: 'relu' }, { units: 6, activation: 'sigmoid' }, { units: 2, activation: 'tanh' }, { units: 16, activation: 'relu' }], codeLayer: 2, outputActivation: 'identity' };
    c.training = { ...c.training, learningRate: 0.003, batchSize: 32, epochs: 50, convergenceEpsilon: 1e-9, validationFraction: 0 };
    expect(roundTrip(c)).toEqual(c);
  });

  it('carries CSV points, labels and class names', () => {
    const c = defaultConfig();
    c.data = { name: 'inline', points: [[0.1, -2.5e-3], [1, 0]], labels: [0, 1], classNames: ['a b', 'c_d'] };
    expect(roundTrip(c)).toEqual(c);
  });

  it('leaves points out of the URL past its limit and says so', () => {
    const c = defaultConfig();
    const points = Array.from({ length: 5000 }, (_, i) => [i / 5000, 0.123456, 0.654321]);
    c.data = { name: 'inline', points };
    const { params, notes } = configToParams(c);
    expect(params.get('points')).toBeNull();
    expect(params.toString().length).toBeLessThan(MAX_URL_POINTS_CHARS);
    expect(notes[0]).toMatch(/export the config as JSON/);
    const back = configFromParams(params);
    expect(back.data).toEqual({ name: 'inline', points: [] });
    expect(validatePlayground(back).errors['data.points']).toMatch(/drop a CSV/);
  });

  it('gives the defaults for an empty query and fills in missing keys', () => {
    expect(configFromParams(new URLSearchParams(''))).toEqual(defaultConfig());
    const partial = configFromParams(new URLSearchParams('lr=0.5&k=4'));
    expect(partial.training.learningRate).toBe(0.5);
    expect(partial.data).toMatchObject({ name: 'gaussian', k: 4, d: 8 });
    expect(partial.model).toEqual(defaultConfig().model);
  });

  it('falls back to the defaults for unusable values, saying so in plain words', () => {
    const { config, notices } = parseConfigParams(new URLSearchParams('lr=fast&batch=&layers=8.tanh_x.identity_8.swish&out=softmax&opt=adagrad&epochs=-3&k=4'));
    const d = defaultConfig();
    expect(config.training.learningRate).toBe(d.training.learningRate);
    expect(config.training.batchSize).toBe(d.training.batchSize);
    expect(config.training.epochs).toBe(d.training.epochs);
    expect(config.model).toEqual(d.model);
    expect(config.training.optimizer).toEqual(d.training.optimizer);
    expect(config.data).toMatchObject({ k: 4 });
    expect(validatePlayground(config).ok).toBe(true);
    expect(notices).toContain("optimizer must be one of SGD, momentum, RMSProp, Adam, not 'adagrad'; using Adam");
    expect(notices).toContain("learning rate 'fast' is not a number; using 0.01");
    expect(notices.some((n) => n.startsWith('layers ') && n.includes('default network'))).toBe(true);
    expect(notices.some((n) => n.startsWith('output activation must be one of identity, sigmoid, tanh, relu'))).toBe(true);
    expect(notices.some((n) => n.startsWith('max epochs must be'))).toBe(true);
  });

  it('replaces a network that parses but does not work, and says nothing for a good link', () => {
    const bad = parseConfigParams(new URLSearchParams('layers=8.tanh_3.identity_8.tanh&code=1'));
    expect(bad.config.model).toEqual(defaultConfig().model);
    expect(bad.notices).toEqual(['the network in the link does not work (the code layer needs 2 units so the codes can be drawn); using the default network']);
    expect(parseConfigParams(new URLSearchParams(configToSearch(defaultConfig()))).notices).toEqual([]);
  });
});
