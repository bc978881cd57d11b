import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { gaussianClusters } from './gaussian.js';

describe('gaussianClusters', () => {
  it('is reproducible and has the requested shape, counts and labels', () => {
    const a = gaussianClusters({ k: 4, d: 3, pointsPerCluster: 50, seed: 9 });
    const b = gaussianClusters({ k: 4, d: 3, pointsPerCluster: 50, seed: 9 });
    expect(a.count).toBe(200);
    expect(a.shape).toEqual([3]);
    expect(a.features.length).toBe(600);
    expect(Array.from(a.features)).toEqual(Array.from(b.features));
    const counts = [0, 0, 0, 0];
    a.labels.forEach((l) => counts[l]!++);
    expect(counts).toEqual([50, 50, 50, 50]);
    expect(a.classNames).toEqual(['cluster 0', 'cluster 1', 'cluster 2', 'cluster 3']);
    expect(gaussianClusters({ k: 4, d: 3, pointsPerCluster: 50, seed: 10 }).features[0]).not.toBe(a.features[0]);
  });

  it('puts each cluster around its mean with the given spread', () => {
    const means = [
      [0.2, 0.3],
      [0.7, 0.8],
    ];
    const ds = gaussianClusters({ means, counts: [4000, 2000], spread: [0.05, 0.02], seed: 1 });
    for (let c = 0; c < 2; c++) {
      const xs: number[] = [];
      ds.labels.forEach((l, i) => {
        if (l === c) xs.push(ds.features[i * 2]!);
      });
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      expect(mean).toBeCloseTo(means[c]![0]!, 2);
      expect(sd).toBeCloseTo(c === 0 ? 0.05 : 0.02, 2);
    }
  });

  it('keeps features in [0, 1] unless clipping is off', () => {
    const wide = gaussianClusters({ k: 2, spread: 1, seed: 2 });
    expect(Math.min(...wide.features)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...wide.features)).toBeLessThanOrEqual(1);
    const raw = gaussianClusters({ k: 2, spread: 1, seed: 2, clip: false });
    expect(Math.min(...raw.features)).toBeLessThan(0);
  });

  it('draws fresh points around the same centres for the test split', () => {
    const train = gaussianClusters({ seed: 5, shuffle: false, spread: 0 });
    const test = gaussianClusters({ seed: 5, shuffle: false, spread: 0, split: 'test' });
    expect(Array.from(test.features)).toEqual(Array.from(train.features));
    expect(gaussianClusters({ seed: 5, split: 'test' }).features[0]).not.toBe(gaussianClusters({ seed: 5 }).features[0]);
    expect(test.split).toBe('test');
  });

  it('rejects bad options with INVALID_OPTIONS', () => {
    for (const bad of [{ k: 0 }, { d: 1.5 }, { counts: [1, 2], k: 3 }, { spread: -1 }, { means: [[0.5]], d: 2 }, { seed: 0.5 }]) {
      expect(() => gaussianClusters(bad)).toThrow(DatasetError);
    }
  });
});
