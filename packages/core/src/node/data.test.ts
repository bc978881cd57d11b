import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../config/parse.js';
import { loadRunData } from './data.js';

describe('loadRunData', () => {
  it('draws disjoint train and test parts from the embedded digits', async () => {
    const config = parseRunConfig({ data: { name: 'mnist', embedded: true, trainSize: 300, testSize: 100 } });
    const warnings: string[] = [];
    const { train, test } = await loadRunData(config.data, 0, { onWarning: (m) => void warnings.push(m) });
    expect(train.count).toBe(300);
    expect(test?.count).toBe(100);
    expect(warnings.join()).toMatch(/disjoint/);
    const key = (f: Float32Array, i: number): string => Array.from(f.subarray(i * 784, (i + 1) * 784)).join();
    const seen = new Set(Array.from({ length: train.count }, (_, i) => key(train.features, i)));
    const shared = Array.from({ length: test!.count }, (_, i) => key(test!.features, i)).filter((k) => seen.has(k));
    expect(shared).toHaveLength(0);
  });

  it('makes gaussian train and test sets from the config', async () => {
    const config = parseRunConfig({ seed: 5, data: { name: 'gaussian', k: 2, d: 3, pointsPerCluster: 10 } });
    const { train, test } = await loadRunData(config.data, config.seed);
    expect(train.shape).toEqual([3]);
    expect(train.count).toBe(20);
    expect(test?.count).toBe(20);
    expect(Array.from(test!.features)).not.toEqual(Array.from(train.features));
  });
});
