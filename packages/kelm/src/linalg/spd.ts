/**
 * Solves (A + shift I) X = B for symmetric positive definite A.
 *
 * tfjs has no float64 and no Cholesky, so the factorisation is a left-looking blocked Cholesky in float32 whose
 * bulk is one matrix product per block column on the active backend; only the small diagonal tiles are factored
 * in float64 JS. The float32 factor then preconditions conjugate gradients whose residuals are formed in float64
 * against the float32 matrix exactly as stored, so the answer is accurate to float64 working precision for that
 * matrix even when C is large and float32 alone would lose most digits.
 */
import * as tf from '@tensorflow/tfjs';
import { KelmError } from '../errors.js';
import { cholesky64, invertLower64, solveLower64, solveUpperT64 } from './dense64.js';
import { toDense64, transpose64, type BlockColumns } from './symmetric.js';
import { symmetricProduct } from './symv.js';
import { readsSynchronously } from '../backend.js';
import { filledTensor, readView } from './transfer.js';

/** A symmetric matrix handed out one lower block column at a time (a kernel matrix is never formed whole). */
export interface SymmetricSource {
  n: number;
  /** Rows start..n-1 and columns start..start+width-1, row-major float32, without the diagonal shift. */
  blockColumn(start: number, width: number): Float32Array;
  /** The same block column as a tensor on the active backend, for backends that cannot read back synchronously. */
  blockColumnTensor?(start: number, width: number): tf.Tensor2D;
}

export interface SpdSolveOptions {
  /** Added in float64 to every diagonal entry (1/C for KELM). */
  shift?: number;
  /** Block size of the factorisation. */
  tile?: number;
  /** Stop when every column's residual is below tol times its right-hand side (2-norms); default 1e-9. */
  tol?: number;
  /**
   * Or, while refinement converges fast, when the estimated error of every column is below errorTol relative to
   * the column (default 1e-8); 0 turns the estimate off.
   */
  errorTol?: number;
  maxIterations?: number;
  /**
   * 'auto' uses float64 JS below `float64Below` unknowns and the float32 factor + refinement above. 'native' is
   * kelmFit's business (the optional addon forms and solves the whole kernel system); systems that reach this
   * solver with it anyway (Nystrom, ELM, grid search) are solved as with 'auto'.
   */
  method?: 'auto' | 'float32' | 'float64' | 'native';
  float64Below?: number;
  /**
   * Keep the factorisation on the backend and read back only the diagonal tiles and the matrix, asynchronously
   * (default: when the active backend cannot read synchronously, as WebGPU under Node cannot). Needs a source
   * with blockColumnTensor.
   */
  resident?: boolean;
  /** Throw NOT_CONVERGED when refinement stops short of tol (default true); false returns the best iterate. */
  requireConvergence?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface SpdSolveResult {
  /** Row-major n x c. */
  x: Float64Array;
  method: 'float32-pcg' | 'float64';
  /** Refinement iterations (0 for the float64 path). */
  iterations: number;
  /** max over columns of ||B - (A + shift I) X|| / ||B||, in float64. */
  relativeResidual: number;
  /** Diagonal-tile pivots float32 rounding drove below the floor (the shift, or float32 resolution), raised to it. */
  raisedPivots: number;
  timings: SolveTimings;
}

interface Tile {
  start: number;
  width: number;
  /** Inverse of the diagonal block of L, and its transpose. */
  w: tf.Tensor2D;
  wT: tf.Tensor2D;
  /**
   * The transpose of rows start..start+width-1, columns 0..start-1 of L (null for the first tile): the operand the
   * factorisation already uploaded for its block product, kept for the triangular solves.
   */
  pT: tf.Tensor2D | null;
}

/** A float32 Cholesky factor held as tensors, applied as L^-T L^-1. */
class Float32Factor {
  constructor(
    readonly n: number,
    readonly tiles: Tile[],
  ) {}

  async apply(r: Float64Array, c: number): Promise<Float64Array> {
    const { n, tiles } = this;
    const out = tf.tidy(() => {
      const b = tf.tensor2d(Float32Array.from(r), [n, c]);
      let y = null as tf.Tensor2D | null;
      for (const t of tiles) {
        let bk: tf.Tensor2D = b.slice([t.start, 0], [t.width, c]);
        // P y computed as (y^T P^T)^T: the WASM backend is slow with transposed operands.
        if (t.pT && y) bk = tf.sub<tf.Tensor2D>(bk, tf.transpose(tf.matMul<tf.Tensor2D>(tf.transpose(y), t.pT)));
        const yk = tf.matMul<tf.Tensor2D>(t.w, bk);
        y = y ? tf.concat<tf.Tensor2D>([y, yk], 0) : yk;
      }
      let z: tf.Tensor2D = y!;
      const xs: tf.Tensor2D[] = [];
      for (let k = tiles.length - 1; k >= 0; k--) {
        const t = tiles[k]!;
        const xk = tf.matMul<tf.Tensor2D>(t.wT, z.slice([t.start, 0], [t.width, c]));
        xs.unshift(xk);
        if (t.pT && t.start > 0) z = tf.sub<tf.Tensor2D>(z.slice([0, 0], [t.start, c]), tf.matMul<tf.Tensor2D>(t.pT, xk));
      }
      return tf.concat(xs, 0);
    });
    try {
      // data() rather than dataSync(): the same on WASM, and it works where reads are asynchronous only.
      return Float64Array.from((await out.data()) as Float32Array);
    } finally {
      out.dispose();
    }
  }

  dispose(): void {
    for (const t of this.tiles) {
      t.w.dispose();
      t.wT.dispose();
      t.pT?.dispose();
    }
  }
}

/** Rounding can push a pivot of a PD matrix a little below the shift; beyond this it is a real failure. */
const NEGATIVE_PIVOT = 1e-3;
/** Smallest pivot kept, relative to the tile's largest diagonal entry: about float32 resolution. */
const PIVOT_FLOOR = 1e-7;

function upload(data: Float32Array, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(data, [rows, cols]);
}

/** Seconds spent per phase: computing the matrix's columns, factoring, refining. */
export interface SolveTimings {
  matrix: number;
  factor: number;
  refine: number;
}

/** Q = (first `width` rows of rest)^T, rest being rows x start; in 32 x 32 blocks to stay in cache. */
function transposeTop(rest: Float32Array, start: number, width: number): Float32Array {
  const q = new Float32Array(start * width);
  const B = 32;
  for (let i0 = 0; i0 < width; i0 += B) {
    const i1 = Math.min(width, i0 + B);
    for (let j0 = 0; j0 < start; j0 += B) {
      const j1 = Math.min(start, j0 + B);
      for (let i = i0; i < i1; i++) {
        const off = i * start;
        for (let j = j0; j < j1; j++) q[j * width + i] = rest[off + j]!;
      }
    }
  }
  return q;
}

function subtractInto(out: Float32Array, a: Float32Array, b: Float32Array, length: number): void {
  for (let t = 0; t < length; t++) out[t] = a[t]! - b[t]!;
}

/** next (rows x (start + width)) = [rest without its first `width` rows, lcol]; rest is (rows + width) x start. */
function appendColumns(next: Float32Array, rest: Float32Array | null, lcol: Float32Array, rows: number, start: number, width: number): void {
  const stride = start + width;
  for (let r = 0; r < rows; r++) {
    if (rest && start > 0) next.set(rest.subarray((r + width) * start, (r + width + 1) * start), r * stride);
    next.set(lcol.subarray(r * width, (r + 1) * width), r * stride + start);
  }
}

/**
 * The float64 Cholesky factor of a diagonal tile and its inverse. `a` holds the tile after the block update (its
 * first width x width entries, row-major), `original` the tile as the source gave it; the pivot checks compare the
 * two so a real failure is told from float32 rounding.
 */
function invertDiagonalTile(a: Float32Array, original: Float32Array, shift: number, width: number, start: number, n: number): { inv: Float64Array; raised: number } {
  const diag = new Float64Array(width * width);
  for (let i = 0; i < width; i++) {
    for (let j = 0; j <= i; j++) diag[i * width + j] = a[i * width + j]!;
    const ajj = original[i * width + i]! + shift;
    const d = diag[i * width + i]! + shift;
    diag[i * width + i] = d;
    if (!Number.isFinite(d)) {
      throw new KelmError(
        'NOT_POSITIVE_DEFINITE',
        `the float32 factorisation overflowed at pivot ${start + i + 1} of ${n}: the matrix is singular or not positive definite to float32 precision; use a smaller C`,
      );
    }
    if (!(d > -NEGATIVE_PIVOT * Math.abs(ajj))) {
      throw new KelmError(
        'NOT_POSITIVE_DEFINITE',
        `matrix is not positive definite (pivot ${start + i + 1} of ${n} fell to ${d.toExponential(3)} from ${ajj.toExponential(3)}); use a smaller C or a different kernel`,
      );
    }
  }
  // Exact-arithmetic pivots of K + shift I with K PSD are at least the shift; float32 can undershoot it. The
  // relative floor keeps the factor finite when the shift is negligible (huge C); refinement then decides.
  let maxDiag = 0;
  for (let i = 0; i < width; i++) maxDiag = Math.max(maxDiag, Math.abs(original[i * width + i]! + shift));
  const raised = cholesky64(diag, width, { floor: Math.max(shift, PIVOT_FLOOR * maxDiag) });
  return { inv: invertLower64(diag, width), raised };
}

/**
 * One factorisation step's data movement, which differs by backend; the arithmetic (the block update, the diagonal
 * tile's float64 factor, the new block column) is the same. `rest` below is L[k:, :k], rows start..n-1 and columns
 * 0..start-1 of L, held on the backend.
 */
interface BlockSteps {
  /** Block column `start` (rows start..n-1) as the source gives it, also kept for refinement. */
  column(start: number, width: number): Float32Array | Promise<Float32Array>;
  /**
   * Subtracts L[k:, :k] L[k, :k]^T from that column. Returns the updated diagonal tile (its first width x width
   * entries, row-major) and this step's L^T operand (null at the first step), which the triangular solves keep.
   */
  update(start: number, width: number): { top: Float32Array; pT: tf.Tensor2D | null } | Promise<{ top: Float32Array; pT: tf.Tensor2D | null }>;
  /** Appends the new block column (the updated column below the tile, times W^T) to rest; drops rest at the end. */
  extend(start: number, width: number, wT: tf.Tensor2D): void;
  dispose(): void;
}

/**
 * In host memory, for backends that read back synchronously (WASM above all). The block product's operands are
 * assembled in JS and uploaded whole, and rest is rebuilt each step straight into the new tensor's memory, because
 * the backends' slice and concat ops move data far slower than a typed-array copy.
 */
function hostSteps(source: SymmetricSource, tile: number): BlockSteps {
  const { n } = source;
  // The current block column after its update, row-major (rows x width).
  const a = new Float32Array(n * tile);
  let original: Float32Array = new Float32Array(0);
  let rest: tf.Tensor2D | null = null;
  return {
    column(start, width) {
      original = source.blockColumn(start, width);
      if (original.length !== (n - start) * width) {
        throw new KelmError('SHAPE_MISMATCH', `block column has ${original.length} values, expected ${(n - start) * width}`);
      }
      return original;
    },
    update(start, width) {
      const rows = n - start;
      if (!rest) {
        a.set(original);
        return { top: a, pT: null };
      }
      const pT = upload(transposeTop(readView(rest), start, width), start, width);
      const u = tf.matMul<tf.Tensor2D>(rest, pT);
      subtractInto(a, original, readView(u), rows * width);
      u.dispose();
      return { top: a, pT };
    },
    extend(start, width, wT) {
      const rows = n - start - width;
      if (rows === 0) {
        rest?.dispose();
        rest = null;
        return;
      }
      const below = upload(a.subarray(width * width, (rows + width) * width), rows, width);
      const lcol = tf.matMul<tf.Tensor2D>(below, wT);
      below.dispose();
      const previous = rest;
      rest = filledTensor(rows, start + width, (next) => appendColumns(next, previous ? readView(previous) : null, readView(lcol), rows, start, width));
      lcol.dispose();
      previous?.dispose();
    },
    dispose() {
      rest?.dispose();
    },
  };
}

/**
 * On the backend, for backends that read back asynchronously only (WebGPU under Node), where the products are
 * cheap and each read is a round trip: the block columns, the products, rest and the new block columns stay there,
 * and only each diagonal tile and each block column (for refinement) come back.
 */
function residentSteps(source: SymmetricSource & { blockColumnTensor(start: number, width: number): tf.Tensor2D }): BlockSteps {
  const { n } = source;
  // The current block column on the backend, updated in update().
  let current: tf.Tensor2D | null = null;
  let rest: tf.Tensor2D | null = null;
  return {
    async column(start, width) {
      current = source.blockColumnTensor(start, width);
      return (await current.data()) as Float32Array;
    },
    async update(start, width) {
      let updated = current!;
      let pT: tf.Tensor2D | null = null;
      if (rest) {
        const l = rest;
        const column = updated;
        const operand = tf.tidy(() => tf.transpose<tf.Tensor2D>(l.slice([0, 0], [width, start])));
        pT = operand;
        updated = tf.tidy(() => tf.sub<tf.Tensor2D>(column, tf.matMul<tf.Tensor2D>(l, operand)));
        current = updated;
        column.dispose();
      }
      const top = tf.tidy(() => updated.slice([0, 0], [width, width]));
      try {
        return { top: (await top.data()) as Float32Array, pT };
      } catch (err) {
        pT?.dispose();
        throw err;
      } finally {
        top.dispose();
      }
    },
    extend(start, width, wT) {
      const rows = n - start - width;
      const previous = rest;
      const updated = current!;
      rest =
        rows === 0
          ? null
          : tf.tidy(() => {
              const lcol = tf.matMul<tf.Tensor2D>(updated.slice([width, 0], [rows, width]), wT);
              return previous ? tf.concat<tf.Tensor2D>([previous.slice([width, 0], [rows, start]), lcol], 1) : lcol;
            });
      previous?.dispose();
      updated.dispose();
      current = null;
    },
    dispose() {
      current?.dispose();
      rest?.dispose();
    },
  };
}

/**
 * Left-looking blocked Cholesky: block column k is its source column minus L[k:, :k] L[k, :k]^T, one matrix
 * product on the backend; its diagonal tile is factored and inverted in float64, and the column below times that
 * inverse becomes block column k of L.
 */
async function factorFloat32(
  n: number,
  shift: number,
  tile: number,
  steps: BlockSteps,
  timings: SolveTimings,
  onProgress?: SpdSolveOptions['onProgress'],
): Promise<{ factor: Float32Factor; columns: BlockColumns; raised: number }> {
  const columns: BlockColumns = { n, starts: [], widths: [], data: [] };
  const tiles: Tile[] = [];
  let raised = 0;
  // This step's L^T operand until its tile is recorded (for cleanup when the step throws).
  let pT: tf.Tensor2D | null = null;
  try {
    for (let start = 0; start < n; start += tile) {
      const width = Math.min(tile, n - start);
      let t0 = performance.now();
      const original = await steps.column(start, width);
      let t1 = performance.now();
      timings.matrix += (t1 - t0) / 1000;
      t0 = t1;
      columns.starts.push(start);
      columns.widths.push(width);
      columns.data.push(original);

      const updated = await steps.update(start, width);
      pT = updated.pT;
      const { inv, raised: up } = invertDiagonalTile(updated.top, original, shift, width, start, n);
      raised += up;
      const w = upload(Float32Array.from(inv), width, width);
      const wT = tf.transpose(w);
      tiles.push({ start, width, w, wT, pT });
      pT = null;
      steps.extend(start, width, wT);
      t1 = performance.now();
      timings.factor += (t1 - t0) / 1000;
      onProgress?.('factor', start + width, n);
    }
  } catch (err) {
    pT?.dispose();
    new Float32Factor(n, tiles).dispose();
    throw err;
  } finally {
    steps.dispose();
  }
  return { factor: new Float32Factor(n, tiles), columns, raised };
}

/** Every block column of the source, read back asynchronously (resident) or synchronously. */
async function collectColumns(source: SymmetricSource, tile: number, resident: boolean): Promise<BlockColumns> {
  const { n } = source;
  const columns: BlockColumns = { n, starts: [], widths: [], data: [] };
  for (let start = 0; start < n; start += tile) {
    const width = Math.min(tile, n - start);
    columns.starts.push(start);
    columns.widths.push(width);
    if (resident && source.blockColumnTensor) {
      const t = source.blockColumnTensor(start, width);
      try {
        columns.data.push((await t.data()) as Float32Array);
      } finally {
        t.dispose();
      }
    } else {
      columns.data.push(source.blockColumn(start, width));
    }
  }
  return columns;
}

function columnNorms(xT: Float64Array, n: number, c: number): Float64Array {
  const out = new Float64Array(c);
  for (let q = 0; q < c; q++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += xT[q * n + i]! ** 2;
    out[q] = Math.sqrt(s);
  }
  return out;
}

function maxRelative(rT: Float64Array, bNorm: Float64Array, n: number, c: number): number {
  const rn = columnNorms(rT, n, c);
  let worst = 0;
  for (let q = 0; q < c; q++) worst = Math.max(worst, bNorm[q]! > 0 ? rn[q]! / bNorm[q]! : rn[q]!);
  return worst;
}

function solveFloat64(columns: BlockColumns, shift: number, b: Float64Array, c: number, timings: SolveTimings): SpdSolveResult {
  const t0 = performance.now();
  const { n } = columns;
  const a = toDense64(columns, shift);
  cholesky64(a, n);
  const x = Float64Array.from(b);
  solveLower64(a, n, x, c);
  solveUpperT64(a, n, x, c);
  const t1 = performance.now();
  timings.factor += (t1 - t0) / 1000;
  const bT = transpose64(b, n, c);
  const axT = symmetricProduct(columns).multiply(transpose64(x, n, c), c, shift);
  for (let t = 0; t < axT.length; t++) axT[t] = bT[t]! - axT[t]!;
  const relativeResidual = maxRelative(axT, columnNorms(bT, n, c), n, c);
  timings.refine += (performance.now() - t1) / 1000;
  return { x, method: 'float64', iterations: 0, relativeResidual, raisedPivots: 0, timings };
}

/** Past this many steps the recurrence's residual may have drifted from the true one, which is then recomputed. */
const TRUE_RESIDUAL_AFTER = 10;

/**
 * Preconditioned conjugate gradients, one independent recurrence per right-hand side sharing each product with A.
 * With an accurate float32 factor this is ordinary iterative refinement that converges in a few steps; when
 * rounding forced pivots up it still converges, only more slowly.
 *
 * It stops when the residual is below `tol`, or earlier when refinement is converging fast (the residual shrank
 * tenfold or more in the last step, and no pivot was raised): then M^-1 A is close to I, so the preconditioned
 * residual z = M^-1 r, which the next step computes anyway, is a reliable estimate of the error x* - x, and the
 * loop ends once that estimate is below `errorTol` relative to x. That saves a float64 product with A, the most
 * expensive part of a step.
 */
async function refine(
  columns: BlockColumns,
  shift: number,
  factor: Float32Factor,
  b: Float64Array,
  c: number,
  tol: number,
  errorTol: number,
  maxIterations: number,
  trustEstimate: boolean,
): Promise<{ x: Float64Array; iterations: number; relativeResidual: number; converged: boolean }> {
  const { n } = columns;
  const product = symmetricProduct(columns);
  const bT = transpose64(b, n, c);
  const bNorm = columnNorms(bT, n, c);
  const xT = transpose64(await factor.apply(b, c), n, c);
  const rT = product.multiply(xT, c, shift);
  for (let t = 0; t < rT.length; t++) rT[t] = bT[t]! - rT[t]!;
  let rel = maxRelative(rT, bNorm, n, c);
  let previous = Infinity;
  let estimated = false;
  const pT = new Float64Array(n * c);
  const rzOld = new Float64Array(c);
  let iterations = 0;
  while (rel > tol && iterations < maxIterations) {
    const zT = transpose64(await factor.apply(transpose64(rT, c, n), c), n, c);
    if (trustEstimate && rel <= 0.1 * previous && maxRelative(zT, columnNorms(xT, n, c), n, c) <= errorTol) {
      estimated = true;
      break;
    }
    for (let q = 0; q < c; q++) {
      let rz = 0;
      for (let i = 0; i < n; i++) rz += rT[q * n + i]! * zT[q * n + i]!;
      const beta = iterations === 0 || rzOld[q] === 0 ? 0 : rz / rzOld[q]!;
      rzOld[q] = rz;
      for (let i = 0; i < n; i++) pT[q * n + i] = zT[q * n + i]! + beta * pT[q * n + i]!;
    }
    const qT = product.multiply(pT, c, shift);
    for (let q = 0; q < c; q++) {
      if (rzOld[q] === 0) continue;
      let pq = 0;
      for (let i = 0; i < n; i++) pq += pT[q * n + i]! * qT[q * n + i]!;
      if (!(pq > 0)) {
        throw new KelmError('NOT_POSITIVE_DEFINITE', `matrix is not positive definite (found a direction with p^T A p = ${pq.toExponential(3)}); use a smaller C or a different kernel`);
      }
      const alpha = rzOld[q]! / pq;
      for (let i = 0; i < n; i++) {
        xT[q * n + i]! += alpha * pT[q * n + i]!;
        rT[q * n + i]! -= alpha * qT[q * n + i]!;
      }
    }
    iterations++;
    previous = rel;
    rel = maxRelative(rT, bNorm, n, c);
  }
  if (iterations > TRUE_RESIDUAL_AFTER) {
    const axT = product.multiply(xT, c, shift);
    for (let t = 0; t < axT.length; t++) axT[t] = bT[t]! - axT[t]!;
    rel = maxRelative(axT, bNorm, n, c);
  }
  return { x: transpose64(xT, c, n), iterations, relativeResidual: rel, converged: rel <= tol || (estimated && Number.isFinite(rel)) };
}

/** Largest system the 'auto' method hands to float64 JS when the float32 route cannot deliver. */
const FLOAT64_FALLBACK_MAX = 4096;

/** Solves (A + shift I) X = B; B is row-major n x c. */
export async function solveSpd(source: SymmetricSource, b: Float64Array, c: number, options: SpdSolveOptions = {}): Promise<SpdSolveResult> {
  const { n } = source;
  const shift = options.shift ?? 0;
  const tile = options.tile ?? 256;
  const tol = options.tol ?? 1e-9;
  const maxIterations = options.maxIterations ?? 50;
  const method = options.method === 'native' ? 'auto' : (options.method ?? 'auto');
  if (b.length !== n * c) throw new KelmError('SHAPE_MISMATCH', `right-hand side has ${b.length} values, expected ${n} x ${c}`);
  const timings: SolveTimings = { matrix: 0, factor: 0, refine: 0 };
  const resident = (options.resident ?? !readsSynchronously()) && source.blockColumnTensor !== undefined;
  if (method === 'float64' || (method === 'auto' && n < (options.float64Below ?? 512))) {
    const t0 = performance.now();
    const columns = await collectColumns(source, tile, resident);
    timings.matrix = (performance.now() - t0) / 1000;
    return solveFloat64(columns, shift, b, c, timings);
  }
  let factored: Awaited<ReturnType<typeof factorFloat32>>;
  try {
    const steps = resident ? residentSteps(source as Parameters<typeof residentSteps>[0]) : hostSteps(source, tile);
    factored = await factorFloat32(n, shift, tile, steps, timings, options.onProgress);
  } catch (err) {
    // Float32 can break down on a matrix float64 still factors; a small one gets the definitive float64 verdict.
    if (err instanceof KelmError && err.code === 'NOT_POSITIVE_DEFINITE' && method === 'auto' && n <= FLOAT64_FALLBACK_MAX) {
      return solveFloat64(await collectColumns(source, tile, resident), shift, b, c, timings);
    }
    throw err;
  }
  const { factor, columns, raised } = factored;
  const t0 = performance.now();
  let result: Awaited<ReturnType<typeof refine>>;
  try {
    result = await refine(columns, shift, factor, b, c, tol, options.errorTol ?? 1e-8, maxIterations, raised === 0);
  } catch (err) {
    // A negative curvature seen in float64 is a real failure; a small system gets a float64 factorisation to say so
    // with the failing pivot.
    if (err instanceof KelmError && method === 'auto' && n <= FLOAT64_FALLBACK_MAX) return solveFloat64(columns, shift, b, c, timings);
    throw err;
  } finally {
    factor.dispose();
    timings.refine += (performance.now() - t0) / 1000;
  }
  if (!result.converged && method === 'auto' && n <= FLOAT64_FALLBACK_MAX) return solveFloat64(columns, shift, b, c, timings);
  if (!Number.isFinite(result.relativeResidual)) {
    throw new KelmError('NOT_POSITIVE_DEFINITE', 'the solve produced non-finite values: the matrix is singular or not positive definite to working precision; use a smaller C');
  }
  if (!result.converged && options.requireConvergence !== false) {
    throw new KelmError(
      'NOT_CONVERGED',
      `the float32-preconditioned solve stalled at relative residual ${result.relativeResidual.toExponential(2)} after ${result.iterations} iterations; the matrix is too ill-conditioned (use a smaller C, or method 'float64')`,
    );
  }
  return { x: result.x, method: 'float32-pcg', iterations: result.iterations, relativeResidual: result.relativeResidual, raisedPivots: raised, timings };
}

/** A source over an explicit symmetric matrix (row-major n x n; only the lower triangle needs to be right). */
export function denseSource(a: Float32Array | Float64Array, n: number): SymmetricSource {
  if (a.length !== n * n) throw new KelmError('SHAPE_MISMATCH', `matrix has ${a.length} values, expected ${n} x ${n}`);
  const blockColumn = (start: number, width: number): Float32Array => {
    const out = new Float32Array((n - start) * width);
    for (let r = start; r < n; r++) {
      for (let j = 0; j < width; j++) out[(r - start) * width + j] = a[r * n + start + j]!;
    }
    return out;
  };
  return { n, blockColumn, blockColumnTensor: (start, width) => tf.tensor2d(blockColumn(start, width), [n - start, width]) };
}

/** The solver's summary as stored on a model. */
export function solveInfo(result: SpdSolveResult, startedAt: number) {
  return {
    method: result.method,
    iterations: result.iterations,
    relativeResidual: result.relativeResidual,
    raisedPivots: result.raisedPivots,
    seconds: (performance.now() - startedAt) / 1000,
    timings: result.timings,
    backend: tf.getBackend(),
  };
}
