import { describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { symmetricMatVecT, toDense64, transpose64, type BlockColumns } from './symmetric.js';
import { symmetricProduct } from './symv.js';

/** A random symmetric n x n matrix cut into lower block columns of width `tile`. */
function blocks(n: number, tile: number, seed = 1): { dense: Float64Array; columns: BlockColumns } {
  const rng = createRng(seed);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = Math.fround(rng.next() - 0.5);
      dense[i * n + j] = v;
      dense[j * n + i] = v;
    }
  }
  const columns: BlockColumns = { n, starts: [], widths: [], data: [] };
  for (let s = 0; s < n; s += tile) {
    const w = Math.min(tile, n - s);
    const col = new Float32Array((n - s) * w);
    for (let r = s; r < n; r++) for (let j = 0; j < w; j++) col[(r - s) * w + j] = dense[r * n + s + j]!;
    // The upper triangle of a diagonal tile is never read: poison it to prove that.
    for (let r = 0; r < w; r++) for (let j = r + 1; j < w; j++) col[r * w + j] = 1e6;
    columns.starts.push(s);
    columns.widths.push(w);
    columns.data.push(col);
  }
  return { dense, columns };
}

describe('symmetricMatVecT', () => {
  it.each([
    [10, 4, 1],
    [37, 8, 5],
    [64, 16, 10],
  ])('matches the dense product (n %i, tile %i, %i right-hand sides)', (n, tile, c) => {
    const { dense, columns } = blocks(n, tile);
    const rng = createRng(2);
    const x = Float64Array.from({ length: n * c }, () => rng.next());
    const shift = 0.25;
    const yT = symmetricMatVecT(columns, shift, transpose64(x, n, c), c);
    const y = transpose64(yT, c, n);
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < c; q++) {
        let s = shift * x[i * c + q]!;
        for (let k = 0; k < n; k++) s += dense[i * n + k]! * x[k * c + q]!;
        expect(y[i * c + q]).toBeCloseTo(s, 10);
      }
    }
  });

  it('toDense64 rebuilds the lower triangle plus the shift', () => {
    const { dense, columns } = blocks(9, 4);
    const lower = toDense64(columns, 2);
    for (let i = 0; i < 9; i++) {
      for (let j = 0; j <= i; j++) expect(lower[i * 9 + j]).toBe(dense[i * 9 + j]! + (i === j ? 2 : 0));
      for (let j = i + 1; j < 9; j++) expect(lower[i * 9 + j]).toBe(0);
    }
  });
});

/** Y = (A + shift I) X from the dense matrix, X row-major n x c; returned transposed like the products. */
function denseProductT(dense: Float64Array, n: number, x: Float64Array, c: number, shift: number): Float64Array {
  const yT = new Float64Array(c * n);
  for (let i = 0; i < n; i++) {
    for (let q = 0; q < c; q++) {
      let s = shift * x[i * c + q]!;
      for (let k = 0; k < n; k++) s += dense[i * n + k]! * x[k * c + q]!;
      yT[q * n + i] = s;
    }
  }
  return yT;
}

describe('symmetricProduct', () => {
  it('runs the WASM SIMD kernel where WebAssembly has SIMD (Node 20 does)', () => {
    expect(symmetricProduct(blocks(8, 4).columns).engine).toBe('wasm');
    expect(symmetricProduct(blocks(8, 4).columns, { wasm: false }).engine).toBe('js');
  });

  // Odd sizes reach every edge of the kernel: an odd last block width, an odd number of rows below a tile.
  it.each([
    [10, 4, 1],
    [37, 8, 5],
    [64, 16, 10],
    [101, 12, 3],
    [53, 7, 2],
  ])('matches the dense float64 product (n %i, tile %i, %i right-hand sides)', (n, tile, c) => {
    const { dense, columns } = blocks(n, tile, n);
    const rng = createRng(3);
    const x = Float64Array.from({ length: n * c }, () => rng.next() - 0.5);
    const expected = denseProductT(dense, n, x, c, 0.5);
    const xT = transpose64(x, n, c);
    for (const wasm of [true, false]) {
      const yT = symmetricProduct(columns, { wasm }).multiply(xT, c, 0.5);
      for (let t = 0; t < expected.length; t++) expect(Math.abs(yT[t]! - expected[t]!)).toBeLessThan(1e-12 * n);
    }
  });

  it('keeps float64 accuracy where a float32 sum would lose it', () => {
    // Entries 1 and x values alternating 1e8 and -1e8 + 1: the exact sum is n / 2, far below float32 resolution
    // of the partial sums.
    const n = 64;
    const columns: BlockColumns = { n, starts: [0, 16, 32, 48], widths: [16, 16, 16, 16], data: [] };
    for (const s of columns.starts) columns.data.push(new Float32Array((n - s) * 16).fill(1));
    const x = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1e8 : -1e8 + 1));
    const y = symmetricProduct(columns).multiply(x, 1, 0);
    for (let i = 0; i < n; i++) expect(y[i]).toBe(n / 2);
  });

  it('serves calls with different numbers of right-hand sides from one preparation', () => {
    const n = 45;
    const { dense, columns } = blocks(n, 10, 9);
    const product = symmetricProduct(columns);
    for (const c of [1, 6, 2]) {
      const x = Float64Array.from({ length: n * c }, (_, t) => Math.sin(t));
      const expected = denseProductT(dense, n, x, c, 0);
      const yT = product.multiply(transpose64(x, n, c), c, 0);
      for (let t = 0; t < expected.length; t++) expect(yT[t]).toBeCloseTo(expected[t]!, 10);
    }
  });
});
