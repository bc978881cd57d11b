/**
 * Float64 dense kernels in plain JS, on row-major n x n arrays of which only the lower triangle is used.
 * They factor the diagonal tiles of the blocked solver, serve as the exact path for small systems and as the
 * fallback when float32 cannot factor a matrix, and are the reference the tests compare against.
 */
import { KelmError } from '../errors.js';

export interface CholeskyOptions {
  /**
   * Without a floor a pivot <= 0 throws NOT_POSITIVE_DEFINITE. With one, pivots below it are raised to it and
   * counted: the result then factors A + E for a small diagonal E, which is still a good preconditioner.
   */
  floor?: number;
}

/** In-place lower Cholesky A = L L^T; the strict upper triangle is zeroed. Returns how many pivots were raised. */
export function cholesky64(a: Float64Array, n: number, options: CholeskyOptions = {}): number {
  const floor = options.floor;
  let raised = 0;
  const pivot = (d: number, j: number): number => {
    if (floor === undefined) {
      if (!(d > 0)) {
        throw new KelmError(
          'NOT_POSITIVE_DEFINITE',
          `matrix is not positive definite (pivot ${j + 1} of ${n} is ${d.toExponential(3)}); use a smaller C or a different kernel`,
        );
      }
      return Math.sqrt(d);
    }
    if (!(d >= floor)) {
      raised++;
      return Math.sqrt(floor);
    }
    return Math.sqrt(d);
  };
  // Columns in pairs: each inner loop then reads two rows of L against two others (4 loads for 4 multiply-adds),
  // which is what keeps plain JS near its scalar peak.
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const rj = j * n;
    const rj1 = rj + n;
    let d0 = a[rj + j]!;
    let x10 = a[rj1 + j]!;
    let d1 = a[rj1 + j + 1]!;
    for (let k = 0; k < j; k++) {
      const u = a[rj + k]!;
      const v = a[rj1 + k]!;
      d0 -= u * u;
      x10 -= v * u;
      d1 -= v * v;
    }
    const l00 = pivot(d0, j);
    a[rj + j] = l00;
    const l10 = x10 / l00;
    a[rj1 + j] = l10;
    const l11 = pivot(d1 - l10 * l10, j + 1);
    a[rj1 + j + 1] = l11;
    let i = j + 2;
    for (; i + 1 < n; i += 2) {
      const ri = i * n;
      const ri1 = ri + n;
      let s00 = a[ri + j]!;
      let s01 = a[ri + j + 1]!;
      let s10 = a[ri1 + j]!;
      let s11 = a[ri1 + j + 1]!;
      for (let k = 0; k < j; k++) {
        const p = a[ri + k]!;
        const q = a[ri1 + k]!;
        const u = a[rj + k]!;
        const v = a[rj1 + k]!;
        s00 -= p * u;
        s01 -= p * v;
        s10 -= q * u;
        s11 -= q * v;
      }
      const li0 = s00 / l00;
      const li10 = s10 / l00;
      a[ri + j] = li0;
      a[ri1 + j] = li10;
      a[ri + j + 1] = (s01 - li0 * l10) / l11;
      a[ri1 + j + 1] = (s11 - li10 * l10) / l11;
    }
    if (i < n) {
      const ri = i * n;
      let s0 = a[ri + j]!;
      let s1 = a[ri + j + 1]!;
      for (let k = 0; k < j; k++) {
        const p = a[ri + k]!;
        s0 -= p * a[rj + k]!;
        s1 -= p * a[rj1 + k]!;
      }
      const li0 = s0 / l00;
      a[ri + j] = li0;
      a[ri + j + 1] = (s1 - li0 * l10) / l11;
    }
  }
  if (j < n) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    a[rj + j] = pivot(d, j);
  }
  for (let r = 0; r < n; r++) a.fill(0, r * n + r + 1, (r + 1) * n);
  return raised;
}

/** W = L^-1 for lower-triangular L (row-major n x n); W is lower triangular. */
export function invertLower64(l: Float64Array, n: number): Float64Array {
  // Column j of W solves L w = e_j. Held as row j of V = W^T, each entry is a dot product of two contiguous
  // stretches, a row of L and a row of V. Rows of V go in groups small enough to stay in cache while the rows
  // of L stream past once per group, and in fours within a group so each load of L feeds four products.
  const v = new Float64Array(n * n);
  const group = 16;
  for (let g = 0; g < n; g += group) {
    const gEnd = Math.min(n, g + group);
    for (let i = g; i < n; i++) {
      const ri = i * n;
      const inv = 1 / l[ri + i]!;
      let j = g;
      for (; j + 3 < gEnd && j + 3 < i; j += 4) {
        const r0 = j * n;
        const r1 = r0 + n;
        const r2 = r1 + n;
        const r3 = r2 + n;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        // V[j+m, k] is zero for k < j+m, so every row can start at k = j.
        for (let k = j; k < i; k++) {
          const lik = l[ri + k]!;
          s0 += lik * v[r0 + k]!;
          s1 += lik * v[r1 + k]!;
          s2 += lik * v[r2 + k]!;
          s3 += lik * v[r3 + k]!;
        }
        v[r0 + i] = -s0 * inv;
        v[r1 + i] = -s1 * inv;
        v[r2 + i] = -s2 * inv;
        v[r3 + i] = -s3 * inv;
      }
      for (; j < gEnd && j <= i; j++) {
        const r0 = j * n;
        if (j === i) {
          v[r0 + i] = inv;
          continue;
        }
        let s0 = 0;
        for (let k = j; k < i; k++) s0 += l[ri + k]! * v[r0 + k]!;
        v[r0 + i] = -s0 * inv;
      }
    }
  }
  const w = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c <= r; c++) w[r * n + c] = v[c * n + r]!;
  return w;
}

/** Solves L Y = B in place; B is row-major n x c. */
export function solveLower64(l: Float64Array, n: number, b: Float64Array, c: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const bi = i * c;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k]!;
      if (lik === 0) continue;
      const bk = k * c;
      for (let q = 0; q < c; q++) b[bi + q]! -= lik * b[bk + q]!;
    }
    const inv = 1 / l[ri + i]!;
    for (let q = 0; q < c; q++) b[bi + q]! *= inv;
  }
}

/** Solves L^T X = B in place; B is row-major n x c. */
export function solveUpperT64(l: Float64Array, n: number, b: Float64Array, c: number): void {
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const bi = i * c;
    const inv = 1 / l[ri + i]!;
    for (let q = 0; q < c; q++) b[bi + q]! *= inv;
    // Column i of L^T's contribution, pushed to the rows above.
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k]!;
      if (lik === 0) continue;
      const bk = k * c;
      for (let q = 0; q < c; q++) b[bk + q]! -= lik * b[bi + q]!;
    }
  }
}

/** Solves A X = B for symmetric positive definite A (lower triangle read, row-major); A and B are not modified. */
export function spdSolve64(a: Float64Array, n: number, b: Float64Array, c: number): Float64Array {
  const l = Float64Array.from(a);
  cholesky64(l, n);
  const x = Float64Array.from(b);
  solveLower64(l, n, x, c);
  solveUpperT64(l, n, x, c);
  return x;
}
