import { describe, expect, it } from 'vitest';
import { mergeConfig, PROFILES, resolveConfig } from './config.js';
import { CoreError } from '../../errors.js';
import { planJobs } from './jobs.js';

describe('resolveConfig', () => {
  it('parses both profiles with every default filled', () => {
    for (const mode of ['quick', 'standard'] as const) {
      const c = resolveConfig(mode);
      expect(c.mode).toBe(mode);
      expect(c.stacks.mnist.loss).toBe('kl');
      expect(c.stacks.usps.dropConnect.keepProbability).toBe(0.9);
      expect(c.elm.seeds).toBe(10);
    }
    expect(PROFILES.quick.seeds).toEqual([0]);
  });

  it('layers a config file and options over the profile, objects merged and arrays replaced', () => {
    const c = resolveConfig('standard', { stacks: { mnist: { epochs: [2, 3] } }, kelm: { C: [5] } }, { seeds: [4, 5], datasets: ['usps'] });
    expect(c.stacks.mnist.epochs).toEqual([2, 3]);
    expect(c.stacks.mnist.units).toEqual(resolveConfig('standard').stacks.mnist.units);
    expect(c.kelm.C).toEqual([5]);
    expect(c.kelm.sigmaScales.length).toBeGreaterThan(1);
    expect(c.seeds).toEqual([4, 5]);
    expect(c.datasets).toEqual(['usps']);
  });

  it('rejects bad values with the path', () => {
    expect(() => resolveConfig('quick', { stacks: { mnist: { units: [0, 10] } } })).toThrow(CoreError);
    expect(() => resolveConfig('quick', { datasets: ['cifar'] })).toThrow(/datasets\[0\]/);
    expect(() => resolveConfig('quick', { kelm: { c: [1] } })).toThrow('invalid reproduce config: kelm.c: unknown key — did you mean "C"?');
  });

  it('merges plain objects only', () => {
    expect(mergeConfig({ a: { b: 1, c: 2 } }, { a: { c: 3 } })).toEqual({ a: { b: 1, c: 3 } });
    expect(mergeConfig({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergeConfig({ a: 1 }, { a: undefined })).toEqual({ a: 1 });
  });
});

describe('planJobs', () => {
  it('runs the baselines first, then the stacks seed by seed with DDAE first', () => {
    const c = resolveConfig('standard', { seeds: [0, 1] });
    const jobs = planJobs('mnist', { train: 6000, test: 1000, dim: 784 }, c);
    expect(jobs.map((j) => `${j.model}${j.seed}`)).toEqual(['ELM0', 'RELM0', 'KELM0', 'DDAE0', 'AE0', 'SAE0', 'DAE0', 'DDAE1', 'AE1', 'SAE1', 'DAE1']);
    expect(jobs.every((j) => j.cost > 0)).toBe(true);
    const only = planJobs('usps', { train: 100, test: 50, dim: 256 }, resolveConfig('quick', { models: ['DDAE', 'KELM'] }));
    expect(only.map((j) => j.model)).toEqual(['KELM', 'DDAE']);
  });
});
