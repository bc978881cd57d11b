import { describe, expect, it } from 'vitest';
import { idxBytes, mnistFixture } from '../test/fixtures.js';
import { DatasetError } from './errors.js';
import { bytesToUnitFloats, mnistFromIdx, parseIdx } from './idx.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof DatasetError ? err.code : `not a DatasetError: ${String(err)}`;
  }
  return undefined;
}

describe('parseIdx', () => {
  it('reads dimensions and data', () => {
    const idx = parseIdx(idxBytes('images', [2, 3, 1], [1, 2, 3, 4, 5, 6]), 'x');
    expect(idx.dims).toEqual([2, 3, 1]);
    expect(Array.from(idx.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a wrong magic number, a short file and trailing bytes', () => {
    const good = idxBytes('labels', [3], [1, 2, 3]);
    const badMagic = good.slice();
    badMagic[2] = 0x0d; // float type, which MNIST never uses
    expect(code(() => parseIdx(badMagic, 'x'))).toBe('BAD_MAGIC');
    expect(code(() => parseIdx(Uint8Array.of(0x1f, 0x8b, 8, 0, 0), 'x'))).toBe('BAD_MAGIC');
    expect(code(() => parseIdx(good.subarray(0, good.length - 1), 'x'))).toBe('TRUNCATED');
    expect(code(() => parseIdx(good.subarray(0, 6), 'x'))).toBe('TRUNCATED');
    expect(code(() => parseIdx(Uint8Array.of(0, 0), 'x'))).toBe('TRUNCATED');
    expect(code(() => parseIdx(Uint8Array.from([...good, 9]), 'x'))).toBe('BAD_FORMAT');
  });

  it('names the file in its messages', () => {
    expect(() => parseIdx(Uint8Array.of(1, 2, 3, 4), 'mnist/train-images-idx3-ubyte.gz')).toThrow(/mnist\/train-images-idx3-ubyte\.gz/);
  });
});

describe('mnistFromIdx', () => {
  const names = { images: 'i', labels: 'l' };

  it('scales pixels to [0, 1] and keeps labels', () => {
    const { images, labels } = mnistFixture(3);
    const out = mnistFromIdx(parseIdx(images, 'i'), parseIdx(labels, 'l'), names);
    expect(out.count).toBe(3);
    expect(Array.from(out.labels)).toEqual([0, 1, 2]);
    // Image 1, pixel 5: (1 * 7 + 5) % 256 = 12.
    expect(out.features[784 + 5]).toBeCloseTo(12 / 255, 7);
    expect(out.features[2 * 784 + 300]).toBeCloseTo(((2 * 7 + 300) % 256) / 255, 7);
  });

  it('keeps only the first records with a limit', () => {
    const { images, labels } = mnistFixture(5);
    const out = mnistFromIdx(parseIdx(images, 'i'), parseIdx(labels, 'l'), names, 2);
    expect(out.count).toBe(2);
    expect(out.features.length).toBe(2 * 784);
  });

  it('rejects count mismatches, wrong sizes and labels that are not digits', () => {
    const { images } = mnistFixture(3);
    expect(code(() => mnistFromIdx(parseIdx(images, 'i'), parseIdx(idxBytes('labels', [2], [0, 1]), 'l'), names))).toBe('COUNT_MISMATCH');
    const small = idxBytes('images', [1, 2, 2], [0, 0, 0, 0]);
    expect(code(() => mnistFromIdx(parseIdx(small, 'i'), parseIdx(idxBytes('labels', [1], [0]), 'l'), names))).toBe('BAD_FORMAT');
    expect(code(() => mnistFromIdx(parseIdx(images, 'i'), parseIdx(idxBytes('labels', [3], [0, 12, 1]), 'l'), names))).toBe('BAD_FORMAT');
  });
});

describe('bytesToUnitFloats', () => {
  it('maps 0..255 to 0..1', () => {
    expect(Array.from(bytesToUnitFloats(Uint8Array.of(0, 51, 255)))).toEqual([0, Math.fround(51 / 255), 1]);
  });
});

describe('mnistFromIdx for mnist-binary', () => {
  it('gives 1 above 0.5 (bytes 128..255) and 0 at or below (0..127)', () => {
    const images = idxBytes('images', [1, 28, 28], Array.from({ length: 784 }, (_, p) => p % 256));
    const out = mnistFromIdx(parseIdx(images, 'i'), parseIdx(idxBytes('labels', [1], [0]), 'l'), { images: 'i', labels: 'l' }, undefined, true);
    expect(out.features[127]).toBe(0);
    expect(out.features[128]).toBe(1);
    expect(out.features[255]).toBe(1);
    expect(out.features[256]).toBe(0);
  });
});
