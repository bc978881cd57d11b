import { describe, expect, it } from 'vitest';
import { blankImage, parseTileShape, toByte } from './image.js';

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
