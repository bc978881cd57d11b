import { parseRunConfig } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { errorCode as code } from './test-support/error-code.js';
import { defaultLimits } from './options.js';
import { checkConfigPolicy, effectiveConfig } from './policy.js';

const limits = { ...defaultLimits(), maxEpochs: 100, maxConfigBytes: 4096 };

describe('checkConfigPolicy', () => {
  it('accepts an ordinary config', () => {
    expect(code(() => checkConfigPolicy(parseRunConfig({ data: { name: 'gaussian' }, training: { epochs: 100 } }), limits))).toBeUndefined();
  });

  it('refuses too many epochs, at any level of a stack', () => {
    expect(code(() => checkConfigPolicy(parseRunConfig({ training: { epochs: 101 } }), limits))).toBe('INVALID_CONFIG');
    const stack = parseRunConfig({ model: { type: 'stacked', levels: [{ units: 4, epochs: 500 }] } });
    expect(code(() => checkConfigPolicy(stack, limits))).toBe('INVALID_CONFIG');
  });

  it('refuses oversized configs', () => {
    const points = Array.from({ length: 400 }, () => [0.5, 0.5]);
    expect(code(() => checkConfigPolicy(parseRunConfig({ data: { name: 'inline', points } }), limits))).toBe('CONFIG_TOO_LARGE');
  });

  it('keeps file access inside the data dir', () => {
    expect(code(() => checkConfigPolicy(parseRunConfig({ data: { name: 'mnist', dataDir: '/etc' } }), limits))).toBe('INVALID_CONFIG');
    for (const f of ['/etc/passwd', '../x.json', 'a/../../x.json', 'a\\b.json']) {
      expect(code(() => checkConfigPolicy(parseRunConfig({ data: { name: 'mnist', splitFile: f } }), limits)), f).toBe('INVALID_CONFIG');
    }
    expect(code(() => checkConfigPolicy(parseRunConfig({ data: { name: 'mnist', splitFile: 'splits/s0.json' } }), limits))).toBeUndefined();
  });
});

describe('effectiveConfig', () => {
  it('resolves split files inside the data dir', () => {
    const c = effectiveConfig(parseRunConfig({ data: { name: 'mnist', splitFile: 'splits/s0.json' } }), '/data');
    expect(c.data).toMatchObject({ name: 'mnist', splitFile: '/data/splits/s0.json' });
    expect(c.data).not.toHaveProperty('dataDir');
    expect(code(() => effectiveConfig(parseRunConfig({ data: { name: 'mnist', splitFile: 's.json' } }), undefined))).toBe('INVALID_CONFIG');
    const g = parseRunConfig({ data: { name: 'gaussian' } });
    expect(effectiveConfig(g, '/data')).toBe(g);
  });
});
