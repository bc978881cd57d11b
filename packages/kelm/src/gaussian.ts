/**
 * The Gaussian kernel function applied in place to a block of inner products, in a WASM SIMD kernel
 * (gaussian.wat) where WebAssembly SIMD is available, else in plain JS with the same float64 arithmetic.
 */
import { expNonPositive } from './fastexp.js';
import { GAUSSIAN_WASM } from './gaussian-wasm.js';
import { align16, ensureBytes, instantiate, type WasmMemory } from './wasm.js';

interface GaussianExports {
  memory: WasmMemory;
  gaussian(g: number, rows: number, cols: number, sqr: number, sqc: number, rate: number): void;
}

/** One instance reused for every block: its memory grows to the largest block seen. */
let kernel: GaussianExports | null | undefined;

function wasmKernel(): GaussianExports | null {
  if (kernel === undefined) kernel = instantiate<GaussianExports>(GAUSSIAN_WASM);
  return kernel;
}

/** g[r, j] = exp(min(0, rate (2 g[r, j] - sqRows[r0 + r] - sqCols[c0 + j]))) for g row-major rows x cols. */
export function gaussianInPlaceJs(g: Float32Array, rows: number, cols: number, sqRows: Float64Array, r0: number, sqCols: Float64Array, c0: number, rate: number): void {
  for (let r = 0; r < rows; r++) {
    const sr = sqRows[r0 + r]!;
    const off = r * cols;
    for (let j = 0; j < cols; j++) {
      const e = rate * (2 * g[off + j]! - sr - sqCols[c0 + j]!);
      g[off + j] = expNonPositive(e < 0 ? e : 0);
    }
  }
}

export interface GaussianOptions {
  /** false forces the plain-JS loop (for comparison and tests). */
  wasm?: boolean;
}

/** The same, through the WASM kernel when it can run. */
export function gaussianInPlace(
  g: Float32Array,
  rows: number,
  cols: number,
  sqRows: Float64Array,
  r0: number,
  sqCols: Float64Array,
  c0: number,
  rate: number,
  options: GaussianOptions = {},
): void {
  const k = options.wasm === false ? null : wasmKernel();
  const gBytes = align16(rows * cols * 4);
  const sqrAt = gBytes;
  const sqcAt = sqrAt + align16(rows * 8);
  if (!k || !ensureBytes(k.memory, sqcAt + cols * 8)) {
    gaussianInPlaceJs(g, rows, cols, sqRows, r0, sqCols, c0, rate);
    return;
  }
  const buffer = k.memory.buffer;
  const block = new Float32Array(buffer, 0, rows * cols);
  block.set(g.subarray(0, rows * cols));
  new Float64Array(buffer, sqrAt, rows).set(sqRows.subarray(r0, r0 + rows));
  new Float64Array(buffer, sqcAt, cols).set(sqCols.subarray(c0, c0 + cols));
  k.gaussian(0, rows, cols, sqrAt, sqcAt, rate);
  g.set(block);
}
