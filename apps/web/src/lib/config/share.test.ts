import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults.js';
import { fieldId } from './fields.js';
import { makeExport, readExport } from './share.js';

describe('export files', () => {
  it('round-trips config and weights', () => {
    const doc = makeExport(defaultConfig(), null, 12, 1);
    expect(readExport(JSON.stringify(doc))).toEqual({ ok: true, config: defaultConfig(), weights: null, resume: null });
  });

  it('accepts a bare run config', () => {
    expect(readExport(JSON.stringify(defaultConfig()))).toEqual({ ok: true, config: defaultConfig(), weights: null, resume: null });
  });

  it('explains what is wrong with other files', () => {
    expect(readExport('not json')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
    expect(readExport('[1]')).toEqual({ ok: false, error: 'expected a JSON object' });
    expect(readExport('{"format":"aelab-playground"}')).toEqual({ ok: false, error: 'the file has no config' });
    expect(readExport('{"model":{}}')).toEqual({ ok: false, error: 'the config needs data, model and training sections' });
  });

  it('refuses a key the run config does not know, with its path and a did-you-mean', () => {
    const config = defaultConfig();
    const typo = { ...config, training: { ...config.training, learningrate: 0.5 } };
    const error = 'invalid run config: training.learningrate: unknown key — did you mean "learningRate"?';
    expect(readExport(JSON.stringify(typo))).toEqual({ ok: false, error, code: 'UNKNOWN_CONFIG_KEY' });
    const nested = makeExport({ ...config, model: { ...config.model, layers: [{ units: 2, activation: 'relu', unit: 3 }] } } as never, null, 0, 0);
    expect(readExport(JSON.stringify(nested))).toMatchObject({ ok: false, error: 'invalid run config: model.layers[0].unit: unknown key — did you mean "units"?' });
  });
});

describe('fieldId', () => {
  it('turns config paths into element ids', () => {
    expect(fieldId('model.layers[1].units')).toBe('f-model-layers-1-units');
    expect(fieldId('training.learningRate')).toBe('f-training-learningRate');
  });
});
