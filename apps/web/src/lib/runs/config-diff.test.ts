import { describe, expect, it } from 'vitest';
import { recordedRun } from '../../stories/runs.js';
import { diffConfigs, flattenConfig } from './config-diff.js';

describe('flattenConfig', () => {
  it('names every leaf by its path, arrays by index', () => {
    const flat = flattenConfig({ a: 1, b: { c: 'x', d: [{ e: true }, { e: false }] }, empty: [], none: {}, skip: undefined });
    expect([...flat.entries()]).toEqual([
      ['a', 1],
      ['b.c', 'x'],
      ['b.d[0].e', true],
      ['b.d[1].e', false],
      ['empty', []],
      ['none', {}],
    ]);
  });
});

describe('diffConfigs', () => {
  it('finds exactly what differs between two recorded runs (name, learning rate, validation split)', () => {
    const a = recordedRun('fixture-dense2d').detail.config;
    const b = recordedRun('fixture-dense2d-slow').detail.config;
    const rows = diffConfigs([a, b]);
    expect(rows.filter((r) => r.differs)).toEqual([
      { path: 'name', values: ['fixture-dense2d', 'fixture-dense2d-slow'], differs: true },
      { path: 'training.learningRate', values: ['0.05', '0.01'], differs: true },
      { path: 'training.validationFraction', values: ['0', '0.2'], differs: true },
    ]);
    expect(rows.find((r) => r.path === 'model.layers[1].units')).toEqual({ path: 'model.layers[1].units', values: ['2', '2'], differs: false });
  });

  it('marks a field only some configs have, in first-seen order', () => {
    const rows = diffConfigs([{ a: 1, b: [1, 2] }, { a: 1, c: 'z' }, { a: 2 }]);
    expect(rows).toEqual([
      { path: 'a', values: ['1', '1', '2'], differs: true },
      { path: 'b[0]', values: ['1', undefined, undefined], differs: true },
      { path: 'b[1]', values: ['2', undefined, undefined], differs: true },
      { path: 'c', values: [undefined, 'z', undefined], differs: true },
    ]);
  });

  it('finds nothing between identical configs', () => {
    const c = recordedRun('fixture-stacked').detail.config;
    expect(diffConfigs([c, structuredClone(c)]).some((r) => r.differs)).toBe(false);
  });
});
