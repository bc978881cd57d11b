import { describe, expect, it } from 'vitest';
import { defaultConfig } from './defaults.js';
import { validatePlayground } from './validate.js';

describe('validatePlayground', () => {
  it('accepts the default config and returns the parsed run config', () => {
    const v = validatePlayground(defaultConfig());
    expect(v.ok).toBe(true);
    expect(v.runConfig?.model).toMatchObject({ type: 'dense', codeLayer: 1 });
    expect(v.runConfig?.data).toMatchObject({ name: 'gaussian', k: 3, d: 8 });
  });

  it('reports the shared schema errors at their paths', () => {
    const c = defaultConfig();
    c.training.learningRate = -1;
    c.training.batchSize = 2.5;
    c.model.layers[0]!.units = 0;
    const v = validatePlayground(c);
    expect(v.ok).toBe(false);
    expect(Object.keys(v.errors).sort()).toEqual(['model.layers[0].units', 'training.batchSize', 'training.learningRate']);
    expect(v.errors['training.learningRate']).toBe('must be more than 0');
  });

  it('needs a 2-unit code layer', () => {
    const c = defaultConfig();
    c.model.layers[1]!.units = 3;
    expect(validatePlayground(c).errors['model.layers[1].units']).toMatch(/2 units/);
    c.model.layers[1]!.units = 2;
    c.model.codeLayer = 0;
    expect(validatePlayground(c).errors['model.layers[0].units']).toMatch(/2 units/);
  });

  it('keeps the page responsive: limits on clusters, dimensions and points', () => {
    const c = defaultConfig();
    c.data = { name: 'gaussian', k: 20, d: 100, pointsPerCluster: 1000, spread: 0.1, seed: 1 };
    const errors = validatePlayground(c).errors;
    expect(errors['data.k']).toMatch(/at most 10/);
    expect(errors['data.d']).toMatch(/at most 64/);
    expect(errors['data.pointsPerCluster']).toMatch(/at most 5000/);
  });

  it('checks inline points through the schema', () => {
    const c = defaultConfig();
    c.data = { name: 'inline', points: [[0, 1], [0.5]] };
    expect(validatePlayground(c).errors['data.points[1]']).toMatch(/expected 2 values/);
  });
});
