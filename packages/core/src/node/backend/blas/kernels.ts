import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ADAM_KERNEL } from '../../../backend/fused/adam.js';
import { requireKernel, sizeOf, type WasmBackend } from '../../../backend/wasm/kernel-utils.js';
import { analyseMatMul, type Operands } from '../../../backend/wasm/matmul.js';
import { ACTIVATIONS, type BlasAddon } from './addon.js';

/*
 * The `blas` backend's own kernels. Each allocates its outputs first and only then takes heap views (an allocation
 * may grow the heap and detach older views), then lets OpenBLAS read and write the WASM heap directly. Anything
 * the native code does not cover (general batch broadcasting, prelu, odd bias shapes, other dtypes) runs the WASM
 * backend's kernel of the same name instead.
 */

export const BLAS_BACKEND = 'blas';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

function product(addon: BlasAddon, backend: WasmBackend, op: Operands, attrs: MatMulAttrs, bias: TensorInfo | undefined, activation: number): TensorInfo {
  const out = backend.makeOutput(op.outShape, 'float32');
  if (sizeOf(op.outShape) === 0) return out;
  addon.gemm(
    heap(backend, op.a),
    heap(backend, op.b),
    heap(backend, out),
    op.batchA,
    op.batchB,
    op.m,
    op.n,
    op.k,
    attrs.transposeA ? 1 : 0,
    attrs.transposeB ? 1 : 0,
    bias ? heap(backend, bias) : null,
    activation,
    attrs.leakyreluAlpha ?? 0.2,
  );
  return out;
}

/** The WASM backend's kernel of this name (aelab's patched one when installed), looked up when it is needed. */
function fallback(kernelName: string): KernelFunc {
  return (args) => requireKernel(kernelName, 'wasm').kernelFunc(args);
}

function batchMatMul(addon: BlasAddon): KernelFunc {
  const wasm = fallback('BatchMatMul');
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const attrs = args.attrs as unknown as MatMulAttrs;
    const op = analyseMatMul(a, b, attrs.transposeA, attrs.transposeB);
    if (!op) return wasm(args);
    return product(addon, args.backend as WasmBackend, op, attrs, undefined, 0);
  };
}

function fusedMatMul(addon: BlasAddon): KernelFunc {
  const wasm = fallback('_FusedMatMul');
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const attrs = args.attrs as unknown as MatMulAttrs;
    const op = analyseMatMul(a, b, attrs.transposeA, attrs.transposeB);
    const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
    const biasSize = bias ? sizeOf(bias.shape) : 0;
    // The bias must broadcast along rows: one entry per output column, or a single one.
    const plainBias = !bias || (bias.dtype === 'float32' && (biasSize === 1 || (biasSize === op?.n && bias.shape[bias.shape.length - 1] === op.n)));
    if (!op || activation === undefined || preluActivationWeights || !plainBias) return wasm(args);
    return product(addon, args.backend as WasmBackend, op, attrs, bias, activation);
  };
}

interface AdamAttrs {
  lrT: number;
  epsHat: number;
  beta1: number;
  beta2: number;
}

/** core's fused Adam step (see backend/fused/adam.ts) as one native pass. */
function adam(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const be = backend as WasmBackend;
    const a = attrs as unknown as AdamAttrs;
    const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', TensorInfo>;
    const outs = [be.makeOutput([...w.shape], 'float32'), be.makeOutput([...w.shape], 'float32'), be.makeOutput([...w.shape], 'float32')];
    const [wo, mo, vo] = outs.map((t) => [heap(be, t)]) as [Float32Array[], Float32Array[], Float32Array[]];
    addon.adam([heap(be, w)], [heap(be, g)], [heap(be, m)], [heap(be, v)], wo, mo, vo, a.beta1, a.beta2, a.lrT, a.epsHat);
    return outs;
  };
}

interface RefCounted {
  dataIdMap: { get(dataId: object): { refCount: number } | undefined };
}

/*
 * WASM's Identity copies the whole tensor; tf.js calls it for every gradient and variable read (~16 per training
 * step of the dense autoencoder, 2.4 ms). Tensors are immutable, so `blas` shares the buffer and counts one more
 * reference instead, as tf.js's CPU backend does; the backend frees it when the last reference goes.
 */
const identity: KernelFunc = (args) => {
  const { x } = args.inputs as { x: TensorInfo };
  const entry = x.dtype === 'string' ? undefined : (args.backend as unknown as RefCounted).dataIdMap.get(x.dataId);
  if (!entry) return requireKernel('Identity', 'wasm').kernelFunc(args);
  entry.refCount++;
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};

/** The kernels `blas` computes natively; every other kernel is the WASM backend's. */
export function nativeKernelConfigs(addon: BlasAddon): KernelConfig[] {
  return [
    { kernelName: 'BatchMatMul', backendName: BLAS_BACKEND, kernelFunc: batchMatMul(addon) },
    { kernelName: '_FusedMatMul', backendName: BLAS_BACKEND, kernelFunc: fusedMatMul(addon) },
    { kernelName: ADAM_KERNEL, backendName: BLAS_BACKEND, kernelFunc: adam(addon) },
    { kernelName: 'Identity', backendName: BLAS_BACKEND, kernelFunc: identity },
  ];
}

/**
 * Registers the native kernels under `blas`, and every WASM kernel not yet there under `blas` too (with its setup
 * function, which binds the WASM entry points when `blas` is activated). Idempotent; kernels registered for WASM
 * later are picked up by the next call.
 */
export function registerBlasKernels(addon: BlasAddon): void {
  for (const config of nativeKernelConfigs(addon)) {
    if (!tf.getKernel(config.kernelName, BLAS_BACKEND)) tf.registerKernel(config);
  }
  for (const config of tf.getKernelsForBackend('wasm')) {
    if (!tf.getKernel(config.kernelName, BLAS_BACKEND)) tf.registerKernel({ ...config, backendName: BLAS_BACKEND });
  }
}
