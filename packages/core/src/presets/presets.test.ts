import { describe, expect, it } from 'vitest';
import { buildModel } from '../models/build.js';
import { modelInputShape } from '../models/input-shape.js';
import { getPreset, presetConfig, presetNames, presets } from './presets.js';

describe('presets', () => {
  it('has every model the issue names', () => {
    expect(presetNames()).toEqual(
      expect.arrayContaining(['ddae-mnist', 'ddae-usps', 'demo-2d', 'lab-under-128', 'lab-under-256', 'lab-under-512', 'lab-over-1024', 'cifar-conv']),
    );
    expect(new Set(presetNames()).size).toBe(presets.length);
  });

  it('all parse, carry a description and a source, and build', () => {
    for (const p of presets) {
      expect(p.description.length).toBeGreaterThan(40);
      expect(p.source.length).toBeGreaterThan(10);
      const config = presetConfig(p.name);
      expect(config.name).toBe(p.name);
      const model = buildModel(config.model, modelInputShape(config), { seed: 0 });
      expect(model.summary().totalParams).toBeGreaterThan(0);
      model.dispose();
    }
  });

  it('cifar-conv has 1,495 parameters and demo-2d a 2-D code', () => {
    const cifar = presetConfig('cifar-conv');
    const m = buildModel(cifar.model, modelInputShape(cifar));
    expect(m.summary().totalParams).toBe(1495);
    m.dispose();
    const demo = presetConfig('demo-2d');
    const d = buildModel(demo.model, modelInputShape(demo));
    expect(d.codeShape).toEqual([2]);
    d.dispose();
  });

  it('ddae presets use DropConnect with keep probability 0.9 on the first level only', () => {
    const c = presetConfig('ddae-mnist');
    if (c.model.type !== 'stacked') throw new Error('stacked expected');
    expect(c.model.levels[0]!.dropConnect).toEqual({ keepProbability: 0.9, maskMode: 'per-minibatch' });
    expect(c.model.levels[1]!.dropConnect).toBeUndefined();
    expect(c.training.loss).toBe('kl');
  });

  it('returns fresh copies and rejects unknown names', () => {
    const a = presetConfig('demo-2d');
    a.seed = 99;
    expect(presetConfig('demo-2d').seed).toBe(0);
    expect(() => getPreset('nope')).toThrow(/unknown preset "nope"/);
  });
});
