import { describe, expect, it } from 'vitest';
import { coreErrorOf } from '../../test/errors.js';
import { parseRunConfig, validateRunConfig } from './parse.js';

describe('parseRunConfig', () => {
  it('fills every default from an empty object', () => {
    const c = parseRunConfig({});
    expect(c.seed).toBe(0);
    expect(c.backend).toBe('auto');
    expect(c.data).toEqual({ name: 'mnist', split: 'train' });
    expect(c.model.type).toBe('dense');
    expect(c.training.optimizer).toEqual({ type: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    expect(c.training.loss).toBe('mse');
  });

  it('accepts a JSON string', () => {
    expect(parseRunConfig('{"seed": 3}').seed).toBe(3);
  });

  it('names the zod path and the reason', () => {
    const err = coreErrorOf(() => parseRunConfig({ model: { type: 'dense', layers: [{ units: 4 }, { units: 0 }] } }));
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.message).toMatch(/model\.layers\[1\]\.units: Too small/);
  });

  it('rejects unknown datasets, optimizers and activations', () => {
    expect(coreErrorOf(() => parseRunConfig({ data: { name: 'imagenet' } })).message).toMatch(/^invalid run config: data\.name/);
    expect(coreErrorOf(() => parseRunConfig({ training: { optimizer: { type: 'lbfgs' } } })).message).toMatch(/training\.optimizer\.type/);
    expect(coreErrorOf(() => parseRunConfig({ model: { type: 'dense', layers: [{ units: 2, activation: 'gelu' }] } })).message).toMatch(
      /model\.layers\[0\]\.activation/,
    );
  });

  it('checks that tied weights mirror around the code layer', () => {
    expect(() => parseRunConfig({ model: { type: 'dense', layers: [{ units: 8 }, { units: 2 }, { units: 8 }], tiedWeights: true } })).not.toThrow();
    expect(coreErrorOf(() => parseRunConfig({ model: { type: 'dense', layers: [{ units: 8 }, { units: 2 }], tiedWeights: true } })).message).toMatch(
      /model\.tiedWeights/,
    );
    expect(
      coreErrorOf(() => parseRunConfig({ model: { type: 'dense', layers: [{ units: 8 }, { units: 2 }, { units: 6 }], tiedWeights: true } })).message,
    ).toMatch(/model\.layers\[2\]\.units/);
  });

  it('checks inline points are rectangular and labelled one per point', () => {
    const ok = parseRunConfig({ data: { name: 'inline', points: [[0, 1], [1, 0]], labels: [0, 1] } });
    expect(ok.data.name).toBe('inline');
    expect(coreErrorOf(() => parseRunConfig({ data: { name: 'inline', points: [[0, 1], [1]] } })).message).toMatch(/data\.points\[1\]/);
    expect(coreErrorOf(() => parseRunConfig({ data: { name: 'inline', points: [[0, 1]], labels: [0, 1] } })).message).toMatch(/data\.labels/);
  });

  it('fills DropConnect and corruption defaults', () => {
    const c = parseRunConfig({
      model: { type: 'dense', layers: [{ units: 4, dropConnect: {} }], corruption: { type: 'masking' } },
    });
    if (c.model.type !== 'dense') throw new Error('dense expected');
    expect(c.model.layers[0]?.dropConnect).toEqual({ keepProbability: 0.9, maskMode: 'per-minibatch' });
    expect(c.model.corruption).toEqual({ type: 'masking', fraction: 0.2 });
  });

  it('reports a JSON syntax error as INVALID_CONFIG', () => {
    expect(coreErrorOf(() => parseRunConfig('{nope')).code).toBe('INVALID_CONFIG');
  });
});

describe('validateRunConfig', () => {
  it('returns the issues for a form', () => {
    const r = validateRunConfig({ seed: 1.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toBe('seed');
  });
});
