import { describe, expect, it } from 'vitest';
import { weightTiles } from './weight-tiles.js';

/** The grey level at (x, y) and whether the pixel is opaque. */
const grey = (img: { width: number; data: Uint8Array }, x: number, y: number) => img.data[(y * img.width + x) * 4]!;

describe('weightTiles', () => {
  // Two units over a 2x2 input; kernel [4 inputs x 2 units], row i = input i.
  // Unit 0 weights: 0, 1, 2, 3. Unit 1 weights: -1, -1, 1, 3.
  const kernel = Float32Array.of(0, -1, 1, -1, 2, 1, 3, 3);

  it('lays tiles out in columns with padding and normalises each tile to 0..255', () => {
    const img = weightTiles(kernel, [2, 2], { columns: 2 });
    // 2 tiles of 2x2 with 1 px padding around and between: 2 * (2 + 1) + 1 = 7 wide, 2 + 2 = 4 high.
    expect([img.width, img.height]).toEqual([7, 4]);
    expect(img.data.length).toBe(7 * 4 * 4);
    // Unit 0 at x = 1..2, y = 1..2: (w - 0) / 3 * 255 -> 0, 85, 170, 255.
    expect([grey(img, 1, 1), grey(img, 2, 1), grey(img, 1, 2), grey(img, 2, 2)]).toEqual([0, 85, 170, 255]);
    // Unit 1 at x = 4..5: (w + 1) / 4 * 255 -> 0, 0, 128 (127.5 rounds up), 255.
    expect([grey(img, 4, 1), grey(img, 5, 1), grey(img, 4, 2), grey(img, 5, 2)]).toEqual([0, 0, 128, 255]);
    expect(grey(img, 0, 0)).toBe(0);
    expect(grey(img, 3, 1)).toBe(0);
    expect(img.data[3]).toBe(255);
  });

  it('can share one range across tiles, or clamp raw values', () => {
    const global = weightTiles(kernel, [2, 2], { columns: 2, normalise: 'global', padding: 0, background: 9 });
    // Range -1..3: unit 0's first weight 0 -> 0.25 * 255 = 63.75 -> 64.
    expect(grey(global, 0, 0)).toBe(64);
    expect(grey(global, 2, 0)).toBe(0);
    const raw = weightTiles(kernel, [2, 2], { columns: 1, normalise: 'none', padding: 0 });
    expect([raw.width, raw.height]).toEqual([2, 4]);
    expect([grey(raw, 0, 0), grey(raw, 1, 0), grey(raw, 0, 2)]).toEqual([0, 255, 0]);
  });

  it('defaults to a square-ish grid and shows a constant tile as mid grey', () => {
    const img = weightTiles(new Float32Array(4 * 5).fill(0.3), [2, 2]);
    // 5 units -> 3 columns, 2 rows.
    expect([img.width, img.height]).toEqual([3 * 3 + 1, 2 * 3 + 1]);
    expect(grey(img, 1, 1)).toBe(128);
  });

  it('draws only the first `limit` units, each from its own column of the kernel', () => {
    const img = weightTiles(kernel, [2, 2], { columns: 1, limit: 1 });
    expect([img.width, img.height]).toEqual([4, 4]);
    expect([grey(img, 1, 1), grey(img, 2, 1), grey(img, 1, 2), grey(img, 2, 2)]).toEqual([0, 85, 170, 255]);
    expect(weightTiles(kernel, [2, 2], { limit: 5 }).width).toBe(7);
    // A shared range spans the units drawn only: unit 1's -1 does not darken unit 0.
    const global = weightTiles(kernel, [2, 2], { columns: 1, limit: 1, normalise: 'global' });
    expect([grey(global, 1, 1), grey(global, 2, 2)]).toEqual([0, 255]);
    expect(() => weightTiles(kernel, [2, 2], { limit: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('draws colour tiles from [h, w, 3] inputs', () => {
    // One unit, 1x1 RGB input: weights r = 0, g = 1, b = 0.5 -> per-tile range 0..1.
    const img = weightTiles(Float32Array.of(0, 1, 0.5), [1, 1, 3], { padding: 0 });
    expect(Array.from(img.data)).toEqual([0, 255, 128, 255]);
  });

  it('rejects weights that do not fit the tile shape', () => {
    expect(() => weightTiles(new Float32Array(5), [2, 2])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    expect(() => weightTiles(new Float32Array(8), [2, 2, 2])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => weightTiles(new Float32Array(8), [2, 2], { columns: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('weightTiles for people', () => {
  it('enlarges a 17x17 tile to a legible size, each weight a sharp square', () => {
    const inputs = 17 * 17;
    const kernel = new Float32Array(inputs).map((_, i) => (i % 17) / 16); // one unit: a left-to-right ramp
    const small = weightTiles(kernel, [17, 17]);
    const big = weightTiles(kernel, [17, 17], { scale: 'auto' });
    expect([small.width, small.height]).toEqual([19, 19]);
    expect([big.width, big.height]).toEqual([76, 76]);
    // Source pixel (x, y) covers the 4x4 block from (4x, 4y).
    for (const [x, y] of [[1, 1], [9, 5], [17, 17]] as const) {
      const want = grey(small, x, y);
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) expect(grey(big, 4 * x + dx, 4 * y + dy)).toBe(want);
    }
  });

  it('stretches each tile to full contrast by default, so a weak unit still shows its pattern', () => {
    // Unit 0 spans [-1, 1], unit 1 only [0, 0.01]; both should run from black to white on their own.
    const kernel = Float32Array.of(-1, 0, 1, 0.01);
    const img = weightTiles(kernel, [1, 2], { padding: 0, columns: 1 });
    expect([grey(img, 0, 0), grey(img, 1, 0), grey(img, 0, 1), grey(img, 1, 1)]).toEqual([0, 255, 0, 255]);
    const shared = weightTiles(kernel, [1, 2], { padding: 0, columns: 1, normalise: 'global' });
    expect(grey(shared, 1, 1)).toBeLessThan(140);
  });
});
