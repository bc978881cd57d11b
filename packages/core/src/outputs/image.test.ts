import { describe, expect, it } from 'vitest';
import { blankImage, parseTileShape, resolveScale, toByte, upscaleNearest } from './image.js';

describe('image helpers', () => {
  it('fill a blank canvas with opaque grey', () => {
    expect(Array.from(blankImage(1, 2, 7).data)).toEqual([7, 7, 7, 255, 7, 7, 7, 255]);
  });

  it('clamp and round values to bytes', () => {
    expect([-1, 0, 0.5, 1, 2, Number.NaN].map(toByte)).toEqual([0, 0, 128, 255, 255, 0]);
  });

  it('accept [h, w] and [h, w, 1|3] only', () => {
    expect(parseTileShape([28, 28], 'x')).toEqual({ h: 28, w: 28, c: 1 });
    expect(parseTileShape([32, 32, 3], 'x')).toEqual({ h: 32, w: 32, c: 3 });
    for (const bad of [[28], [0, 2], [2, 2, 4], [1, 2, 3, 4]]) expect(() => parseTileShape(bad, 'x')).toThrow(/shape must be/);
  });
});

describe('enlarging for people', () => {
  it('repeats each pixel as a sharp square (nearest neighbour)', () => {
    const img = { width: 2, height: 1, data: Uint8Array.of(10, 20, 30, 255, 200, 210, 220, 255) };
    const big = upscaleNearest(img, 3);
    expect([big.width, big.height]).toEqual([6, 3]);
    const at = (x: number, y: number) => Array.from(big.data.subarray((y * 6 + x) * 4, (y * 6 + x) * 4 + 4));
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 3; x++) expect(at(x, y)).toEqual([10, 20, 30, 255]);
      for (let x = 3; x < 6; x++) expect(at(x, y)).toEqual([200, 210, 220, 255]);
    }
    expect(upscaleNearest(img, 1)).toBe(img);
  });

  it('picks a factor that makes a tile about 64 pixels wide, within 1..16', () => {
    expect(resolveScale('auto', 28, 28, 'x')).toBe(3);
    expect(resolveScale('auto', 16, 16, 'x')).toBe(4);
    expect(resolveScale('auto', 17, 17, 'x')).toBe(4);
    expect(resolveScale('auto', 3, 3, 'x')).toBe(16);
    expect(resolveScale('auto', 128, 128, 'x')).toBe(1);
    expect(resolveScale(undefined, 8, 8, 'x')).toBe(1);
    expect(resolveScale(5, 8, 8, 'x')).toBe(5);
    expect(() => resolveScale(0, 8, 8, 'weightTiles')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^weightTiles: scale must be/) }));
    expect(() => resolveScale(1.5, 8, 8, 'x')).toThrow(/scale must be/);
  });
});
