import { describe, expect, it } from 'vitest';
import { gaussianInPlace, gaussianInPlaceJs } from './gaussian.js';
import { createRng } from './random.js';

/** Rows of a and b, their inner products and squared norms, as the training kernel forms them. */
function block(rows: number, cols: number, dim: number, seed: number) {
  const rng = createRng(seed);
  const a = Float64Array.from({ length: rows * dim }, () => rng.next());
  const b = Float64Array.from({ length: cols * dim }, () => rng.next());
  // Row 0 of b repeats row 0 of a: a zero distance that rounding can push below 0.
  for (let k = 0; k < dim; k++) b[k] = a[k]!;
  const g = new Float32Array(rows * cols);
  const sqr = new Float64Array(rows + 3);
  const sqc = new Float64Array(cols + 5);
  for (let r = 0; r < rows; r++) for (let k = 0; k < dim; k++) sqr[r + 3]! += Math.fround(a[r * dim + k]!) ** 2;
  for (let j = 0; j < cols; j++) for (let k = 0; k < dim; k++) sqc[j + 5]! += Math.fround(b[j * dim + k]!) ** 2;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += Math.fround(a[r * dim + k]!) * Math.fround(b[j * dim + k]!);
      g[r * cols + j] = s;
    }
  }
  return { g, sqr, sqc };
}

describe('gaussianInPlace', () => {
  // Odd column counts reach the kernel's scalar tail; offsets 3 and 5 check the norms are read from r0 and c0.
  it.each([
    [7, 9, 0.05],
    [16, 32, 0.5],
    [3, 1, 2],
    [5, 6, 40],
  ])('matches exp of the exact expression (%i x %i, rate %f)', (rows, cols, rate) => {
    const { g, sqr, sqc } = block(rows, cols, 20, rows * 31 + cols);
    const expected = Float32Array.from(g, (v, t) => {
      const r = Math.floor(t / cols);
      const j = t % cols;
      return Math.exp(Math.min(0, rate * (2 * v - sqr[r + 3]! - sqc[j + 5]!)));
    });
    for (const wasm of [true, false]) {
      const out = g.slice();
      gaussianInPlace(out, rows, cols, sqr, 3, sqc, 5, rate, { wasm });
      for (let t = 0; t < out.length; t++) {
        // Both round the same float64 value to float32: at most one float32 ulp apart from Math.exp's rounding.
        expect(Math.abs(out[t]! - expected[t]!), `entry ${t}, wasm ${wasm}`).toBeLessThanOrEqual(1.2e-7 * expected[t]! + 1e-45);
      }
      // The repeated row: distance 0 up to float32 rounding of the inner product.
      expect(out[0]).toBeCloseTo(1, 6);
    }
  });

  it('underflows to 0 far out, without NaN or Infinity', () => {
    const g = Float32Array.from([0, 0, 0, 0, 0]);
    const sq = Float64Array.from([0, 10, 700, 800, 1e6]);
    const out = g.slice();
    gaussianInPlace(out, 1, 5, new Float64Array(1), 0, sq, 0, 1);
    expect(out[0]).toBe(1);
    expect(Math.abs(out[1]! - Math.exp(-10))).toBeLessThan(1e-7 * Math.exp(-10));
    expect(out[2]).toBe(0);
    expect(out[3]).toBe(0);
    expect(out[4]).toBe(0);
    const js = g.slice();
    gaussianInPlaceJs(js, 1, 5, new Float64Array(1), 0, sq, 0, 1);
    expect(Array.from(out)).toEqual(Array.from(js));
  });
});
