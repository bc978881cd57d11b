import { describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { symmetricMatVecT, toDense64, transpose64, type BlockColumns } from './symmetric.js';

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
