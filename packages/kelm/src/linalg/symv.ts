/**
 * The float64 product Y = (A + shift I) X with a symmetric matrix held as float32 lower block columns, prepared
 * once per solve because refinement multiplies by the same matrix several times. The bulk — every row below the
 * diagonal tiles — runs in a small WASM SIMD kernel (symv.wat) over a copy of the columns in its own memory; the
 * diagonal tiles, an odd last row and the shift stay in JS. Where WebAssembly SIMD is missing or its memory cannot
 * grow to the matrix, the same product runs in plain JS.
 */
import { align16, ensureBytes, instantiate, type WasmMemory } from '../wasm.js';
import { SYMV_WASM } from './symv-wasm.js';
import { addBelowDiagonal, addDiagonalTiles, addShift, symmetricMatVecT, type BlockColumns } from './symmetric.js';

export interface SymmetricProduct {
  /** 'wasm' when the SIMD kernel does the bulk of the work, 'js' otherwise. */
  readonly engine: 'wasm' | 'js';
  /** Y^T for X^T, both c x n row-major, float64. */
  multiply(xT: Float64Array, c: number, shift: number): Float64Array;
}

interface SymvExports {
  memory: WasmMemory;
  rows(col: number, w: number, s: number, n: number, c: number, r0: number, r1: number, x: number, y: number): void;
}

function jsProduct(a: BlockColumns): SymmetricProduct {
  return { engine: 'js', multiply: (xT, c, shift) => symmetricMatVecT(a, shift, xT, c) };
}

export interface SymmetricProductOptions {
  /** false forces the plain-JS product (for comparison and tests). */
  wasm?: boolean;
}

export function symmetricProduct(a: BlockColumns, options: SymmetricProductOptions = {}): SymmetricProduct {
  const exports = options.wasm === false ? null : instantiate<SymvExports>(SYMV_WASM);
  if (!exports) return jsProduct(a);
  const { n } = a;
  const offsets: number[] = [];
  let bytes = 0;
  for (const col of a.data) {
    offsets.push(bytes);
    bytes = align16(bytes + col.length * 4);
  }
  const columnBytes = bytes;
  // Out of memory for a second copy of the matrix: the JS product reads the columns where they are.
  if (!ensureBytes(exports.memory, columnBytes + 2 * n * 8)) return jsProduct(a);
  const heap = new Uint8Array(exports.memory.buffer);
  a.data.forEach((col, k) => heap.set(new Uint8Array(col.buffer, col.byteOffset, col.byteLength), offsets[k]));
  return {
    engine: 'wasm',
    multiply(xT, c, shift) {
      if (!ensureBytes(exports.memory, columnBytes + 2 * c * n * 8)) return symmetricMatVecT(a, shift, xT, c);
      const xAt = columnBytes;
      const yAt = columnBytes + c * n * 8;
      const buffer = exports.memory.buffer;
      new Float64Array(buffer, xAt, c * n).set(xT);
      new Float64Array(buffer, yAt, c * n).fill(0);
      const yT = new Float64Array(c * n);
      for (let k = 0; k < a.data.length; k++) {
        const s = a.starts[k]!;
        const w = a.widths[k]!;
        const rows = n - s;
        const pairsEnd = w + 2 * Math.floor(Math.max(0, rows - w) / 2);
        if (pairsEnd > w) exports.rows(offsets[k]!, w, s, n, c, w, pairsEnd, xAt, yAt);
        if (pairsEnd < rows) addBelowDiagonal(a, k, xT, yT, c, pairsEnd);
      }
      const fromWasm = new Float64Array(exports.memory.buffer, yAt, c * n);
      for (let t = 0; t < yT.length; t++) yT[t]! += fromWasm[t]!;
      addDiagonalTiles(a, xT, yT, c);
      addShift(xT, yT, shift);
      return yT;
    },
  };
}
