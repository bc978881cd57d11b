import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/defaults.js';
import { buildData, gatherRows, splitIndices } from './dataset.js';

describe('buildData', () => {
  it('builds the default clusters with a seeded 80/20 split', () => {
    const data = buildData(defaultConfig());
    expect(data).toMatchObject({ count: 300, dim: 8, classNames: ['cluster 0', 'cluster 1', 'cluster 2'] });
    expect(data.train.length).toBe(240);
    expect(data.validation.length).toBe(60);
    const all = new Set([...data.train, ...data.validation]);
    expect(all.size).toBe(300);
    expect(Array.from(buildData(defaultConfig()).validation)).toEqual(Array.from(data.validation));
    for (const v of data.x) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('builds inline points with their labels', () => {
    const c = defaultConfig();
    c.data = { name: 'inline', points: [[0, 1], [1, 0], [0.5, 0.5]], labels: [1, 0, 1] };
    c.training.validationFraction = 0;
    const data = buildData(c);
    expect(Array.from(data.x)).toEqual([0, 1, 1, 0, 0.5, 0.5]);
    expect(Array.from(data.labels)).toEqual([1, 0, 1]);
    expect(data.classNames).toEqual(['class 0', 'class 1']);
    expect(data.validation.length).toBe(0);
  });
});

describe('splitIndices / gatherRows', () => {
  it('depends on the seed only', () => {
    expect(Array.from(splitIndices(10, 0.3, 1).validation)).toEqual(Array.from(splitIndices(10, 0.3, 1).validation));
    expect(Array.from(splitIndices(10, 0.3, 1).validation)).not.toEqual(Array.from(splitIndices(10, 0.3, 2).validation));
  });

  it('copies rows', () => {
    expect(Array.from(gatherRows(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, Uint32Array.from([2, 0])))).toEqual([5, 6, 1, 2]);
  });
});
