import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, sizeOf, type WasmBackend } from '../kernel-utils.js';
import { kernelsOn } from './instance.js';
import { ROWS_WASM, ROWS_WASM_SHARED } from './rows-wasm.js';

/*
 * Bias adds and bias gradients (rows.wat). A tensor whose last axis has c entries is walked as rows of
 * width = lcm(c, 4) floats, so the SIMD loops see whole vectors whatever c is; what is left after the last whole row
 * (fewer than `width` floats) is done here in JavaScript.
 */

interface RowsExports {
  add_rows(src: number, bias: number, dst: number, rows: number, vecs: number): void;
  col_sums(src: number, rows: number, vecs: number, tmp: number, acc: number): void;
}

/** Rows wider than this stay with the original kernels (a bias of thousands of units is not what this is for). */
const MAX_WIDTH = 4096;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The row width for a last axis of c entries: the least multiple of both c and 4. */
export function rowWidth(c: number): number {
  return (c * 4) / gcd(c, 4);
}

function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

function kernels(backend: WasmBackend): RowsExports | null {
  return kernelsOn<RowsExports>(backend, ROWS_WASM, ROWS_WASM_SHARED);
}

/** True when `bias` broadcasts along `x`'s last axis only ([c], [1, c], [1, 1, 1, c], ...). */
function isBiasOf(bias: TensorInfo, x: TensorInfo): boolean {
  const c = x.shape[x.shape.length - 1];
  if (c === undefined || bias.shape.length > x.shape.length || bias.shape.length === 0) return false;
  if (bias.shape[bias.shape.length - 1] !== c || sizeOf(bias.shape) !== c) return false;
  return sizeOf(x.shape) > c;
}

/**
 * Add through rows.wat when one operand is a bias along the other's last axis (a conv or dense layer's bias), else
 * `original`. Same float32 sums as the original, element for element.
 */
export function createAdd(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const backend = args.backend as WasmBackend;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const [x, bias] = isBiasOf(b, a) ? [a, b] : isBiasOf(a, b) ? [b, a] : [null, null];
    const k = x ? kernels(backend) : null;
    if (!x || !bias || !k) return original(args);
    const c = x.shape[x.shape.length - 1]!;
    const width = rowWidth(c);
    if (width > MAX_WIDTH) return original(args);
    const n = sizeOf(x.shape);
    const rows = Math.floor(n / width);
    const out = backend.makeOutput([...x.shape], 'float32');
    const tile = backend.makeOutput([width], 'float32');
    // Heap views after the last allocation.
    const bv = heap(backend, bias);
    const tv = heap(backend, tile);
    for (let i = 0; i < width; i++) tv[i] = bv[i % c]!;
    const xv = heap(backend, x);
    const ov = heap(backend, out);
    if (rows > 0) k.add_rows(xv.byteOffset, tv.byteOffset, ov.byteOffset, rows, width / 4);
    for (let i = rows * width; i < n; i++) ov[i] = xv[i]! + bv[i % c]!;
    disposeInfos(backend, tile);
    return out;
  };
}

/**
 * Sum over leading axes (a bias gradient: [pixels, c] → [c]) or over everything through rows.wat, else `original`
 * (which transposes the summed axes innermost first, and sums in float32 from start to end: 400,000 values drift by
 * ~1e-4). Blocks of 16 rows are summed in float32 and the blocks in float64.
 */
export function createSum(original: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const backend = args.backend as WasmBackend;
    if (x.dtype !== 'float32') return original(args);
    const axes = tf.util.parseAxisParam(axis, [...x.shape]).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.every((ax, i) => ax === i);
    const kept = x.shape.slice(axes.length);
    const c = sizeOf(kept);
    const n = sizeOf(x.shape);
    const k = leading && n > 0 ? kernels(backend) : null;
    if (!k || rowWidth(c) > MAX_WIDTH) return original(args);
    const width = rowWidth(c);
    const rows = Math.floor(n / width);
    const out = backend.makeOutput(keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : kept, 'float32');
    // Scratch: `width` float32 block sums, then `width` float64 sums (at a multiple of 16 bytes: width is one of 4).
    const scratch = backend.makeOutput([3 * width], 'float32');
    // Heap views after the last allocation.
    const xv = heap(backend, x);
    const sv = heap(backend, scratch);
    sv.fill(0);
    if (rows > 0) k.col_sums(xv.byteOffset, rows, width / 4, sv.byteOffset, sv.byteOffset + width * 4);
    const sums = new Float64Array(sv.buffer, sv.byteOffset + width * 4, width);
    const total = new Float64Array(c);
    for (let i = 0; i < width; i++) total[i % c]! += sums[i]!;
    for (let i = rows * width; i < n; i++) total[i % c]! += xv[i]!;
    heap(backend, out).set(total);
    disposeInfos(backend, scratch);
    return out;
  };
}
