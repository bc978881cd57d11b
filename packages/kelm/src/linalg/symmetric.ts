/**
 * The lower block columns of a symmetric matrix, kept in float32 exactly as the factorisation saw them, and the
 * float64 product with them that the refinement's residuals need.
 */
export interface BlockColumns {
  n: number;
  /** First row/column of each block column. */
  starts: number[];
  widths: number[];
  /** Block column k: rows starts[k]..n-1, columns starts[k]..starts[k]+widths[k]-1, row-major. */
  data: Float32Array[];
}

/** Rows of one block column below its diagonal tile, one at a time: y[i] += a_i . x[s..], y[s..] += a_i x[i]. */
function rowsSingly(yT: Float64Array, xT: Float64Array, col: Float32Array, n: number, s: number, w: number, c: number, r0: number, r1: number): void {
  for (let r = r0; r < r1; r++) {
    const i = s + r;
    const off = r * w;
    for (let q = 0; q < c; q++) {
      const b0 = q * n;
      const x0 = xT[b0 + i]!;
      const o0 = b0 + s;
      let s0 = 0;
      for (let j = 0; j < w; j++) {
        const v = col[off + j]!;
        s0 += v * xT[o0 + j]!;
        yT[o0 + j]! += v * x0;
      }
      yT[b0 + i]! += s0;
    }
  }
}

/**
 * The same for rows in pairs and right-hand sides in fours: each pass loads two matrix entries and four x values
 * for sixteen multiply-adds, which is what keeps plain JS near its scalar peak.
 */
function rowsInPairs(yT: Float64Array, xT: Float64Array, col: Float32Array, n: number, s: number, w: number, c: number, r0: number, r1: number): number {
  let r = r0;
  for (; r + 1 < r1; r += 2) {
    const i = s + r;
    const off = r * w;
    const off1 = off + w;
    let q = 0;
    for (; q + 4 <= c; q += 4) {
      const b0 = q * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      const x0 = xT[b0 + i]!;
      const x1 = xT[b1 + i]!;
      const x2 = xT[b2 + i]!;
      const x3 = xT[b3 + i]!;
      const z0 = xT[b0 + i + 1]!;
      const z1 = xT[b1 + i + 1]!;
      const z2 = xT[b2 + i + 1]!;
      const z3 = xT[b3 + i + 1]!;
      const o0 = b0 + s;
      const o1 = b1 + s;
      const o2 = b2 + s;
      const o3 = b3 + s;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let j = 0; j < w; j++) {
        const v = col[off + j]!;
        const u = col[off1 + j]!;
        const p0 = xT[o0 + j]!;
        const p1 = xT[o1 + j]!;
        const p2 = xT[o2 + j]!;
        const p3 = xT[o3 + j]!;
        s0 += v * p0;
        s1 += v * p1;
        s2 += v * p2;
        s3 += v * p3;
        t0 += u * p0;
        t1 += u * p1;
        t2 += u * p2;
        t3 += u * p3;
        yT[o0 + j]! += v * x0 + u * z0;
        yT[o1 + j]! += v * x1 + u * z1;
        yT[o2 + j]! += v * x2 + u * z2;
        yT[o3 + j]! += v * x3 + u * z3;
      }
      yT[b0 + i]! += s0;
      yT[b1 + i]! += s1;
      yT[b2 + i]! += s2;
      yT[b3 + i]! += s3;
      yT[b0 + i + 1]! += t0;
      yT[b1 + i + 1]! += t1;
      yT[b2 + i + 1]! += t2;
      yT[b3 + i + 1]! += t3;
    }
    for (; q < c; q++) {
      const b0 = q * n;
      const x0 = xT[b0 + i]!;
      const z0 = xT[b0 + i + 1]!;
      const o0 = b0 + s;
      let s0 = 0;
      let t0 = 0;
      for (let j = 0; j < w; j++) {
        const v = col[off + j]!;
        const u = col[off1 + j]!;
        const p = xT[o0 + j]!;
        s0 += v * p;
        t0 += u * p;
        yT[o0 + j]! += v * x0 + u * z0;
      }
      yT[b0 + i]! += s0;
      yT[b0 + i + 1]! += t0;
    }
  }
  return r;
}

/**
 * The diagonal tiles' part of Y += A X: only each tile's lower triangle is read, so the product is exactly symmetric
 * even where a kernel tile's two triangles were rounded differently.
 */
export function addDiagonalTiles(a: BlockColumns, xT: Float64Array, yT: Float64Array, c: number): void {
  const { n } = a;
  for (let k = 0; k < a.data.length; k++) {
    const s = a.starts[k]!;
    const w = a.widths[k]!;
    const col = a.data[k]!;
    for (let r = 0; r < Math.min(w, n - s); r++) {
      const i = s + r;
      const off = r * w;
      const diagonal = col[off + r]!;
      for (let q = 0; q < c; q++) {
        const b0 = q * n;
        const x0 = xT[b0 + i]!;
        const o0 = b0 + s;
        let s0 = diagonal * x0;
        for (let j = 0; j < r; j++) {
          const v = col[off + j]!;
          s0 += v * xT[o0 + j]!;
          yT[o0 + j]! += v * x0;
        }
        yT[b0 + i]! += s0;
      }
    }
  }
}

/** Rows of block column k below its diagonal tile, from row r0 on, in plain JS: every entry also stands for its mirror image. */
export function addBelowDiagonal(a: BlockColumns, k: number, xT: Float64Array, yT: Float64Array, c: number, r0: number): void {
  const s = a.starts[k]!;
  const w = a.widths[k]!;
  const rows = a.n - s;
  const done = rowsInPairs(yT, xT, a.data[k]!, a.n, s, w, c, r0, rows);
  rowsSingly(yT, xT, a.data[k]!, a.n, s, w, c, done, rows);
}

export function addShift(xT: Float64Array, yT: Float64Array, shift: number): void {
  if (shift !== 0) for (let t = 0; t < yT.length; t++) yT[t]! += shift * xT[t]!;
}

/**
 * Y = (A + shift I) X in float64 in plain JS, where A is given by its lower block columns. X and Y are stored
 * transposed (c x n, row-major) so every inner loop runs over a contiguous stretch of one row.
 */
export function symmetricMatVecT(a: BlockColumns, shift: number, xT: Float64Array, c: number): Float64Array {
  const yT = new Float64Array(c * a.n);
  addDiagonalTiles(a, xT, yT, c);
  for (let k = 0; k < a.data.length; k++) addBelowDiagonal(a, k, xT, yT, c, a.widths[k]!);
  addShift(xT, yT, shift);
  return yT;
}

/** The full lower triangle (row-major n x n, float64) of A + shift I, for the float64 path. */
export function toDense64(a: BlockColumns, shift: number): Float64Array {
  const { n } = a;
  const out = new Float64Array(n * n);
  for (let k = 0; k < a.data.length; k++) {
    const s = a.starts[k]!;
    const w = a.widths[k]!;
    const col = a.data[k]!;
    for (let r = 0; r < n - s; r++) {
      const i = s + r;
      for (let j = 0; j < w && s + j <= i; j++) out[i * n + s + j] = col[r * w + j]!;
    }
  }
  for (let i = 0; i < n; i++) out[i * n + i]! += shift;
  return out;
}

export function transpose64(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = x[i * cols + j]!;
  return out;
}
