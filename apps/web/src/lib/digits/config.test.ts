import { parseRunConfig, validateRunConfig } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGITS, digitsExport, digitsFromSearch, digitsRunConfig, digitsToSearch, digitsTrainerOptions, readDigitsExport, type DigitsConfig } from './config.js';

const custom: DigitsConfig = {
  units: 1024,
  activation: 'sigmoid',
  penalty: 'L1',
  form: 'weights',
  lambda: 1e-7,
  noise: 0.3,
  optimizer: 'momentum',
  learningRate: 0.1,
  batchSize: 32,
  epochs: 12,
  seed: 7,
};

describe('digits lab URL state', () => {
  it('writes nothing for the defaults and only what differs otherwise', () => {
    expect(digitsToSearch(DEFAULT_DIGITS)).toBe('');
    expect(digitsToSearch({ ...DEFAULT_DIGITS, units: 256, penalty: 'L2' })).toBe('?h=256&penalty=L2');
  });

  it('reads back what it writes', () => {
    expect(digitsFromSearch(digitsToSearch(custom))).toEqual({ config: custom, ignored: [] });
  });

  it('names the values it cannot use and keeps the defaults for them', () => {
    const { config, ignored } = digitsFromSearch('?h=2048&act=tanh&lambda=-1&noise=0.1&lr=fast');
    expect(ignored).toEqual(['h=2048', 'act=tanh', 'lambda=-1', 'lr=fast']);
    expect(config).toEqual({ ...DEFAULT_DIGITS, noise: 0.1 });
  });
});

describe('digits lab JSON export', () => {
  it('round-trips the setup', () => {
    expect(readDigitsExport(JSON.stringify(digitsExport(custom)))).toEqual({ ok: true, config: custom, ignored: [] });
  });

  it('refuses other files with a sentence', () => {
    expect(readDigitsExport('{"format":"aelab-playground"}')).toMatchObject({ ok: false, error: expect.stringMatching(/not a digits lab export/) });
    expect(readDigitsExport('nope')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
  });
});

describe('digits lab as a run', () => {
  it('is a run config the shared schema (and so the server) accepts', () => {
    for (const c of [DEFAULT_DIGITS, custom, { ...custom, penalty: 'L2' as const, form: 'activity' as const }]) {
      const v = validateRunConfig(digitsRunConfig(c));
      expect(v.ok, JSON.stringify(v)).toBe(true);
    }
  });

  it('says what the report says: 784-h-784 on binary MNIST, N(0, 0.05) weights, penalty, noise', () => {
    const r = parseRunConfig(digitsRunConfig(custom));
    expect(r.data).toMatchObject({ name: 'mnist-binary', embedded: true, trainSize: 3000 });
    expect(r.training).toMatchObject({ optimizer: { type: 'momentum', momentum: 0.9 }, learningRate: 0.1, batchSize: 32, epochs: 12, validationFraction: 0.2, loss: 'mse' });
    if (r.model.type !== 'dense') throw new Error('dense expected');
    expect(r.model.layers).toMatchObject([{ units: 1024, activation: 'sigmoid', initializer: { type: 'gaussian', std: 0.05 } }]);
    expect(r.model.regularization).toMatchObject({ l1Weights: 1e-7, l1Activity: 0, l2Weights: 0, l2Activity: 0 });
    expect(r.model.corruption).toEqual({ type: 'gaussian', sigma: 0.3 });
  });

  it('sums an activity penalty over the batch as the lab experiment does (λ × batch size on a per-digit mean)', () => {
    const r = parseRunConfig(digitsRunConfig({ ...DEFAULT_DIGITS, penalty: 'L1', form: 'activity', lambda: 1e-5, batchSize: 32 }));
    if (r.model.type !== 'dense') throw new Error('dense expected');
    expect(r.model.regularization.l1Activity).toBeCloseTo(32e-5, 12);
  });

  it('trains in the browser from that same run config', () => {
    const o = digitsTrainerOptions(custom);
    expect(o.net.layers.map((l) => `${l.units}:${l.activation}`)).toEqual(['1024:sigmoid', '784:sigmoid']);
    expect(o.regularization).toMatchObject({ l1Weights: 1e-7 });
    expect(o.corruption).toEqual({ type: 'gaussian', sigma: 0.3 });
    expect(o).toMatchObject({ codeLayer: 0, learningRate: 0.1, batchSize: 32, maxEpochs: 12, seed: 7 });
  });
});
