import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, runSingle, sizeOf, swapLastTwo, view, type WasmBackend } from './kernel-utils.js';

/*
 * tfjs-backend-wasm hands a product to XNNPACK's fast GEMM only when neither operand is transposed and both have a
 * batch of one; everything else goes to a naive triple loop that is ~12x slower. Autodiff asks for aᵀ·b and a·bᵀ in
 * every dense gradient, so these wrappers move data into the fast layout first: one O(n²) copy to save O(n³) work.
 */

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Below this many multiply-adds per batch item, splitting a batched product costs more than it saves. */
const MIN_SPLIT_WORK = 32 * 32 * 32;

function arraysEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function copyRange(backend: WasmBackend, x: TensorInfo, offset: number, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  // Views are taken after the allocation: a heap growth detaches older ones.
  const src = backend.typedArrayFromHeap(x) as Float32Array;
  (backend.typedArrayFromHeap(out) as Float32Array).set(src.subarray(offset, offset + sizeOf(shape)));
  return out;
}

/** Products of 2-D operands in XNNPACK's layout, built from the given (original) kernels. */
function planner(original: KernelFunc, transposeKernel: KernelFunc) {
  const transpose = (x: TensorInfo, backend: WasmBackend) => runSingle(transposeKernel, { x }, backend, { perm: swapLastTwo(x.shape.length) });
  const plain = (a: TensorInfo, b: TensorInfo, backend: WasmBackend) => runSingle(original, { a, b }, backend, { transposeA: false, transposeB: false });

  /** op(a)·op(b) for 2-D a and b; returns a fresh [M, N] tensor the caller owns. */
  return function product2D(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, backend: WasmBackend): TensorInfo {
    const m = transposeA ? a.shape[1]! : a.shape[0]!;
    const k = transposeA ? a.shape[0]! : a.shape[1]!;
    const n = transposeB ? b.shape[0]! : b.shape[1]!;
    if (!transposeA && !transposeB) return plain(a, b, backend);
    if (transposeA && !transposeB) {
      const at = transpose(a, backend);
      const out = plain(at, b, backend);
      disposeInfos(backend, at);
      return out;
    }
    // Costs below count elements copied: transposes plus XNNPACK's packing of the right operand.
    if (!transposeA) {
      // a·bᵀ either as a·(bᵀ) or as (b·aᵀ)ᵀ; the second wins when b is the big matrix (dense backprop's dy·Wᵀ).
      if (2 * k * n <= 2 * m * k + m * n) {
        const bt = transpose(b, backend);
        const out = plain(a, bt, backend);
        disposeInfos(backend, bt);
        return out;
      }
      const at = transpose(a, backend);
      const productT = plain(b, at, backend);
      disposeInfos(backend, at);
      const out = transpose(productT, backend);
      disposeInfos(backend, productT);
      return out;
    }
    // aᵀ·bᵀ either from both transposed or as (b·a)ᵀ.
    if (m * k + 2 * n * k <= k * m + m * n) {
      const at = transpose(a, backend);
      const bt = transpose(b, backend);
      const out = plain(at, bt, backend);
      disposeInfos(backend, at, bt);
      return out;
    }
    const productT = plain(b, a, backend);
    const out = transpose(productT, backend);
    disposeInfos(backend, productT);
    return out;
  };
}

export interface Operands {
  a: TensorInfo;
  b: TensorInfo;
  /** Last two dims of each operand as stored. */
  aInner: [number, number];
  bInner: [number, number];
  batchA: number;
  batchB: number;
  m: number;
  k: number;
  n: number;
  outShape: number[];
}

/** Shapes of op(a)·op(b), or null for anything the original kernel should handle (or report) itself. */
export function analyseMatMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): Operands | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const aInner = a.shape.slice(-2) as [number, number];
  const bInner = b.shape.slice(-2) as [number, number];
  const m = transposeA ? aInner[1] : aInner[0];
  const k = transposeA ? aInner[0] : aInner[1];
  const n = transposeB ? bInner[0] : bInner[1];
  if (k !== (transposeB ? bInner[1] : bInner[0])) return null;
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  // Batch dims either match exactly or one side has none to speak of; general broadcasting stays with the original.
  if (!((batchA === batchB && arraysEqual(outerA, outerB)) || batchA === 1 || batchB === 1)) return null;
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
  return { a, b, aInner, bInner, batchA, batchB, m, k, n, outShape };
}

/** Runs `item` on each batch item's 2-D operands and stacks the [m, n] results into a fresh output. */
function perBatch(op: Operands, backend: WasmBackend, item: (a: TensorInfo, b: TensorInfo) => TensorInfo): TensorInfo {
  const { a, b, aInner, bInner, m, n } = op;
  const batch = Math.max(op.batchA, op.batchB);
  const out = backend.makeOutput([batch, m, n], 'float32');
  for (let i = 0; i < batch; i++) {
    const ai = op.batchA === 1 ? view(a, aInner) : copyRange(backend, a, i * aInner[0] * aInner[1], aInner);
    const bi = op.batchB === 1 ? view(b, bInner) : copyRange(backend, b, i * bInner[0] * bInner[1], bInner);
    const oi = item(ai, bi);
    const dst = backend.typedArrayFromHeap(out) as Float32Array;
    dst.set(backend.typedArrayFromHeap(oi) as Float32Array, i * m * n);
    disposeInfos(backend, oi);
    if (ai.dataId !== a.dataId) disposeInfos(backend, ai);
    if (bi.dataId !== b.dataId) disposeInfos(backend, bi);
  }
  return { ...out, shape: op.outShape };
}

/** A BatchMatMul kernel for the WASM backend that routes every product through XNNPACK. */
export function createBatchMatMul(original: KernelFunc, transposeKernel: KernelFunc): KernelFunc {
  const product2D = planner(original, transposeKernel);
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as MatMulAttrs;
    const backend = args.backend as WasmBackend;
    const op = analyseMatMul(a, b, transposeA, transposeB);
    if (!op) return original(args);
    if (op.batchA === 1 && op.batchB === 1) {
      if (!transposeA && !transposeB) return original(args);
      const out = product2D(view(a, op.aInner), view(b, op.bInner), transposeA, transposeB, backend);
      return { ...out, shape: op.outShape };
    }
    if (op.m * op.n * op.k < MIN_SPLIT_WORK) return original(args);
    // One XNNPACK product per batch item beats the naive loop by far, even with the copies.
    return perBatch(op, backend, (ai, bi) => product2D(ai, bi, transposeA, transposeB, backend));
  };
}

/**
 * The same fix for `_FusedMatMul` (matMul + bias + activation), whose WASM kernel shares the naive path — and there
 * adds the wrong bias entries to every row after the first. Bias and activation apply to the [M, N] product, so
 * the inputs are rearranged (never the output) and batches are split into products of one item each.
 */
export function createFusedMatMul(original: KernelFunc, transposeKernel: KernelFunc): KernelFunc {
  const transpose = (x: TensorInfo, backend: WasmBackend) => runSingle(transposeKernel, { x }, backend, { perm: swapLastTwo(x.shape.length) });
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const attrs = args.attrs as unknown as MatMulAttrs & Record<string, unknown>;
    const backend = args.backend as WasmBackend;
    const op = analyseMatMul(a, b, attrs.transposeA, attrs.transposeB);
    if (!op) return original(args);
    if (op.batchA === 1 && op.batchB === 1 && !attrs.transposeA && !attrs.transposeB) return original(args);
    const item = (ai: TensorInfo, bi: TensorInfo): TensorInfo => {
      const at = attrs.transposeA ? transpose(ai, backend) : ai;
      const bt = attrs.transposeB ? transpose(bi, backend) : bi;
      try {
        const out = original({
          ...args,
          inputs: { ...args.inputs, a: view(at, [1, op.m, op.k]), b: view(bt, [1, op.k, op.n]) },
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
        return out as TensorInfo;
      } finally {
        if (at !== ai) disposeInfos(backend, at);
        if (bt !== bi) disposeInfos(backend, bt);
      }
    };
    if (op.batchA === 1 && op.batchB === 1) return { ...item(view(a, op.aInner), view(b, op.bInner)), shape: op.outShape };
    return perBatch(op, backend, item);
  };
}
