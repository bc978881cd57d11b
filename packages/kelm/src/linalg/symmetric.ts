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

/**
 * Y = (A + shift I) X in float64, where A is given by its lower block columns. X and Y are stored transposed
 * (c x n, row-major) so every inner loop runs over a contiguous stretch of one row.
 */
export function symmetricMatVecT(a: BlockColumns, shift: number, xT: Float64Array, c: number): Float64Array {
  const { n } = a;
  const yT = new Float64Array(c * n);
  for (let k = 0; k < a.data.length; k++) {
    const s = a.starts[k]!;
    const w = a.widths[k]!;
    const col = a.data[k]!;
    for (let r = 0; r < n - s; r++) {
      const i = s + r;
      const off = r * w;
      // Only the lower triangle is read, so the product is exactly symmetric even where a kernel tile's two
      // triangles were rounded differently. Each entry below the diagonal also stands for its mirror image.
      const mirror = Math.min(w, r);
      const diagonal = r < w ? col[off + r]! : 0;
      let q = 0;
      // Four right-hand sides per pass: every loaded matrix entry feeds eight multiply-adds.
      for (; q + 4 <= c; q += 4) {
        const b0 = q * n;
        const b1 = b0 + n;
        const b2 = b1 + n;
        const b3 = b2 + n;
        const x0 = xT[b0 + i]!;
        const x1 = xT[b1 + i]!;
        const x2 = xT[b2 + i]!;
        const x3 = xT[b3 + i]!;
        const o0 = b0 + s;
        const o1 = b1 + s;
        const o2 = b2 + s;
        const o3 = b3 + s;
        let s0 = diagonal * x0;
        let s1 = diagonal * x1;
        let s2 = diagonal * x2;
        let s3 = diagonal * x3;
        for (let j = 0; j < mirror; j++) {
          const v = col[off + j]!;
          s0 += v * xT[o0 + j]!;
          s1 += v * xT[o1 + j]!;
          s2 += v * xT[o2 + j]!;
          s3 += v * xT[o3 + j]!;
          yT[o0 + j]! += v * x0;
          yT[o1 + j]! += v * x1;
          yT[o2 + j]! += v * x2;
          yT[o3 + j]! += v * x3;
        }
        yT[b0 + i]! += s0;
        yT[b1 + i]! += s1;
        yT[b2 + i]! += s2;
        yT[b3 + i]! += s3;
      }
      for (; q < c; q++) {
        const b0 = q * n;
        const x0 = xT[b0 + i]!;
        const o0 = b0 + s;
        let s0 = diagonal * x0;
        for (let j = 0; j < mirror; j++) {
          const v = col[off + j]!;
          s0 += v * xT[o0 + j]!;
          yT[o0 + j]! += v * x0;
        }
        yT[b0 + i]! += s0;
      }
    }
  }
  if (shift !== 0) for (let t = 0; t < c * n; t++) yT[t]! += shift * xT[t]!;
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
