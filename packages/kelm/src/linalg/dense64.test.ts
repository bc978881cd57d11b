import { describe, expect, it } from 'vitest';
import { KelmError } from '../errors.js';
import { createRng } from '../random.js';
import { cholesky64, invertLower64, solveLower64, solveUpperT64, spdSolve64 } from './dense64.js';

/** M M^T / n + I for a seeded random M: symmetric positive definite. */
function spd(n: number, seed = 3): Float64Array {
  const rng = createRng(seed);
  const m = Float64Array.from({ length: n * n }, () => rng.next() - 0.5);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += m[i * n + k]! * m[j * n + k]!;
      a[i * n + j] = s / n + (i === j ? 1 : 0);
    }
  }
  return a;
}

function matmul(a: Float64Array, b: Float64Array, n: number, c: number): Float64Array {
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let q = 0; q < c; q++) out[i * c + q]! += a[i * n + k]! * b[k * c + q]!;
  return out;
}

describe('cholesky64', () => {
  it('factors the textbook 3x3 example exactly', () => {
    const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    cholesky64(a, 3);
    expect(Array.from(a)).toEqual([2, 0, 0, 6, 1, 0, -8, 5, 3]);
  });

  it.each([1, 2, 7, 64, 97])('reproduces A = L L^T for n = %i', (n) => {
    const a = spd(n);
    const l = Float64Array.from(a);
    cholesky64(l, n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k]! * l[j * n + k]!;
        worst = Math.max(worst, Math.abs(s - a[i * n + j]!));
        if (j > i) expect(l[i * n + j]).toBe(0);
      }
    }
    expect(worst).toBeLessThan(1e-13);
  });

  it('throws NOT_POSITIVE_DEFINITE for an indefinite matrix', () => {
    const a = Float64Array.from([1, 2, 2, 1]);
    expect(() => cholesky64(a, 2)).toThrow(KelmError);
    try {
      cholesky64(Float64Array.from([1, 2, 2, 1]), 2);
    } catch (err) {
      expect((err as KelmError).code).toBe('NOT_POSITIVE_DEFINITE');
    }
  });

  it('raises pivots below a floor instead of throwing, and counts them', () => {
    const a = Float64Array.from([1, 1, 1, 1]); // singular: second pivot is 0
    expect(cholesky64(a, 2, { floor: 1e-4 })).toBe(1);
    expect(a[3]).toBeCloseTo(1e-2, 12);
  });
});

describe('triangular inverse and solves', () => {
  it.each([1, 5, 33, 100])('W = L^-1 satisfies L W = I (n = %i)', (n) => {
    const l = spd(n, 5);
    cholesky64(l, n);
    const w = invertLower64(l, n);
    const prod = matmul(l, w, n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(prod[i * n + j]).toBeCloseTo(i === j ? 1 : 0, 12);
  });

  it('solves L Y = B and L^T X = Y for several right-hand sides', () => {
    const n = 20;
    const c = 3;
    const l = spd(n, 7);
    cholesky64(l, n);
    const rng = createRng(9);
    const b = Float64Array.from({ length: n * c }, () => rng.next());
    const y = Float64Array.from(b);
    solveLower64(l, n, y, c);
    expect(Math.max(...Array.from(matmul(l, y, n, c)).map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-12);
    const lt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) lt[i * n + j] = l[j * n + i]!;
    const x = Float64Array.from(y);
    solveUpperT64(l, n, x, c);
    expect(Math.max(...Array.from(matmul(lt, x, n, c)).map((v, i) => Math.abs(v - y[i]!)))).toBeLessThan(1e-12);
  });

  it('spdSolve64 solves A X = B', () => {
    const n = 40;
    const a = spd(n, 11);
    const b = Float64Array.from({ length: n * 2 }, (_, i) => Math.sin(i));
    const x = spdSolve64(a, n, b, 2);
    const ax = matmul(a, x, n, 2);
    for (let i = 0; i < ax.length; i++) expect(ax[i]).toBeCloseTo(b[i]!, 12);
  });
});
