import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ADAM_ALL_KERNEL, ADAM_KERNEL } from '../../../backend/fused/adam.js';
import { BCE_GRAD_KERNEL, BCE_KERNEL } from '../../../backend/fused/bce.js';
import { MASKED_PRODUCT_GRAD_KERNEL, MASKED_PRODUCT_KERNEL } from '../../../backend/fused/masked-product.js';
import { createCast, createIdentity } from '../../../backend/wasm/identity.js';
import { requireKernel, sizeOf, type WasmBackend } from '../../../backend/wasm/kernel-utils.js';
import { analyseMatMul, type Operands } from '../../../backend/wasm/matmul.js';
import { simdConv2DBackpropFilter, simdConv2DBackpropInput, simdMaxPoolGrad } from '../../../backend/wasm/simd/conv.js';
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

/** ADAM_ALL_KERNEL: every parameter's step in one native call (outputs allocated first: views come after). */
function adamAll(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const be = backend as WasmBackend;
    const a = attrs as unknown as AdamAttrs & { count: number };
    const named = inputs as Record<string, TensorInfo>;
    const params = Array.from({ length: a.count }, (_, i) => [named[`w${i}`]!, named[`g${i}`]!, named[`m${i}`]!, named[`v${i}`]!] as const);
    const outs = params.flatMap(([w]) => [be.makeOutput([...w.shape], 'float32'), be.makeOutput([...w.shape], 'float32'), be.makeOutput([...w.shape], 'float32')]);
    const column = (j: number) => params.map((p) => heap(be, p[j]!));
    const out = (j: number) => params.map((_, i) => heap(be, outs[3 * i + j]!));
    addon.adam(column(0), column(1), column(2), column(3), out(0), out(1), out(2), a.beta1, a.beta2, a.lrT, a.epsHat);
    return outs;
  };
}

function bce(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const be = backend as WasmBackend;
    const { labels, logits } = inputs as { labels: TensorInfo; logits: TensorInfo };
    const out = be.makeOutput([], 'float32');
    addon.bce(heap(be, labels), heap(be, logits), heap(be, out), sizeOf(logits.shape));
    return out;
  };
}

function bceGrad(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const be = backend as WasmBackend;
    const { labels, logits, dy } = inputs as { labels: TensorInfo; logits: TensorInfo; dy: TensorInfo };
    const n = sizeOf(logits.shape);
    const outs = [be.makeOutput([...labels.shape], 'float32'), be.makeOutput([...logits.shape], 'float32')] as const;
    addon.bceGrad(heap(be, labels), heap(be, logits), heap(be, outs[0]), heap(be, outs[1]), n, heap(be, dy)[0]! / n);
    return [...outs];
  };
}

/**
 * Sum over leading axes (a bias gradient: [batch, units] → [units]) or over everything, natively; WASM's Sum
 * transposes the reduced axes innermost first. Other axes and dtypes go to the WASM kernel.
 */
function sum(addon: BlasAddon): KernelFunc {
  const wasm = fallback('Sum');
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, [...x.shape]).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.every((ax, i) => ax === i);
    if (x.dtype !== 'float32' || !leading) return wasm(args);
    const be = args.backend as WasmBackend;
    const kept = x.shape.slice(axes.length);
    const out = be.makeOutput(keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : kept, 'float32');
    const cols = sizeOf(kept);
    if (cols > 0) addon.columnSums(heap(be, x), heap(be, out), sizeOf(x.shape.slice(0, axes.length)), cols);
    return out;
  };
}

/**
 * Add of a bias to every row (z + b: b's shape is the trailing part of z's) natively; WASM's broadcasting Add
 * walks indices element by element (~2 ms a call on the conv autoencoder's feature maps). Everything else is WASM's.
 */
function add(addon: BlasAddon): KernelFunc {
  const wasm = fallback('Add');
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const [big, small] = a.shape.length >= b.shape.length ? [a, b] : [b, a];
    const cols = sizeOf(small.shape);
    const trailing = small.shape.length > 0 && small.shape.length <= big.shape.length && small.shape.every((d, i) => d === big.shape[big.shape.length - small.shape.length + i]);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !trailing || cols === 0 || cols === sizeOf(big.shape)) return wasm(args);
    const be = args.backend as WasmBackend;
    const out = be.makeOutput([...big.shape], 'float32');
    addon.addRows(heap(be, big), heap(be, small), heap(be, out), sizeOf(big.shape) / cols, cols);
    return out;
  };
}

function maskedProduct(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend }) => {
    const be = backend as WasmBackend;
    const { x, w, mask } = inputs as Record<'x' | 'w' | 'mask', TensorInfo>;
    const [batch, inputsWidth] = x.shape as [number, number];
    const units = w.shape[1]!;
    const y = be.makeOutput([batch, units], 'float32');
    addon.maskedProduct(heap(be, x), heap(be, w), heap(be, mask), heap(be, y), batch, inputsWidth, units);
    return y;
  };
}

function maskedProductGrad(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const be = backend as WasmBackend;
    const { x, w, mask, dy } = inputs as Record<'x' | 'w' | 'mask' | 'dy', TensorInfo>;
    const { inputGradient } = attrs as unknown as { inputGradient: boolean };
    const [batch, inputsWidth] = x.shape as [number, number];
    const units = w.shape[1]!;
    const dx = be.makeOutput([batch, inputsWidth], 'float32');
    const dw = be.makeOutput([inputsWidth, units], 'float32');
    const dxView = heap(be, dx);
    if (!inputGradient) dxView.fill(0);
    addon.maskedProductGrad(heap(be, x), heap(be, w), heap(be, mask), heap(be, dy), inputGradient ? dxView : null, heap(be, dw), batch, inputsWidth, units);
    return [dx, dw];
  };
}

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
}

/** The addon's conv geometry (blas_native.c's conv_geometry order) of a forward convolution. */
function geometry(c: tf.backend_util.Conv2DInfo): number[] {
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels, c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padInfo.top, c.padInfo.left];
}

/**
 * Below this many filter weights (kh·kw·in·out) a convolution's gradients go to the WASM backend's SIMD loops: for
 * 3x3 filters they beat im2col + sgemm up to 8 channels in and out (576 weights) and lose from 16 (2,304), measured
 * on one thread for batches of 64 (README, blas section).
 */
export const THIN_CONV_WEIGHTS = 1024;

/**
 * Conv2DBackpropInput (also conv2dTranspose's forward) and Conv2DBackpropFilter by im2col + sgemm, NHWC float32
 * only (anything else: the WASM kernel of that name); thin layers by the WASM SIMD loops. Conv2D itself stays on
 * the WASM backend's kernel, which was as fast or faster for the conv autoencoder's thin layers.
 */
function convBackprop(addon: BlasAddon, kernelName: 'Conv2DBackpropInput' | 'Conv2DBackpropFilter'): KernelFunc {
  const wasm = fallback(kernelName);
  return (args) => {
    const a = args.attrs as unknown as ConvAttrs;
    const named = args.inputs as Record<string, TensorInfo>;
    if (a.dataFormat !== 'NHWC' || Object.values(named).some((t) => t.dtype !== 'float32')) return wasm(args);
    const be = args.backend as WasmBackend;
    const input = kernelName === 'Conv2DBackpropInput';
    const [first, second] = input ? [named.dy!, named.filter!] : [named.x!, named.dy!];
    const inShape = input ? a.inputShape! : ([...first.shape] as [number, number, number, number]);
    const filterShape = input ? ([...second.shape] as [number, number, number, number]) : a.filterShape!;
    const c = tf.backend_util.computeConv2DInfo(inShape, filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
    if (c.filterHeight * c.filterWidth * c.inChannels * c.outChannels <= THIN_CONV_WEIGHTS) {
      const direct = input ? simdConv2DBackpropInput(be, first, second, c) : simdConv2DBackpropFilter(be, first, second, c);
      if (direct) return direct;
    }
    const outShape = input ? [...inShape] : [...filterShape];
    const out = be.makeOutput(outShape, 'float32');
    if (sizeOf(outShape) > 0) addon.conv(input ? 1 : 2, heap(be, first), heap(be, second), heap(be, out), ...geometry(c));
    return out;
  };
}

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * MaxPoolGrad: windows that tile the input with channels in blocks of four by the WASM SIMD loop (faster than this
 * one), anything else in one native pass over the windows (WASM's scalar fallback is slow).
 */
function maxPoolGrad(addon: BlasAddon): KernelFunc {
  const wasm = fallback('MaxPoolGrad');
  return (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const a = args.attrs as unknown as PoolAttrs;
    if (dy.dtype !== 'float32' || input.dtype !== 'float32') return wasm(args);
    const be = args.backend as WasmBackend;
    const c = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
    const direct = simdMaxPoolGrad(be, dy, input, c);
    if (direct) return direct;
    const dx = be.makeOutput([...input.shape], 'float32');
    if (sizeOf(input.shape) > 0) {
      addon.maxPoolGrad(heap(be, dy), heap(be, input), heap(be, dx), c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left);
    }
    return dx;
  };
}

/** Identity and same-dtype Cast share the buffer (backend/wasm/identity.ts); anything else is WASM's own kernel. */
const identity = createIdentity(fallback('Identity'));
const cast = createCast(fallback('Cast'), identity);

/** The kernels `blas` computes natively; every other kernel is the WASM backend's. */
export function nativeKernelConfigs(addon: BlasAddon): KernelConfig[] {
  return [
    { kernelName: 'BatchMatMul', backendName: BLAS_BACKEND, kernelFunc: batchMatMul(addon) },
    { kernelName: '_FusedMatMul', backendName: BLAS_BACKEND, kernelFunc: fusedMatMul(addon) },
    { kernelName: ADAM_KERNEL, backendName: BLAS_BACKEND, kernelFunc: adam(addon) },
    { kernelName: 'Identity', backendName: BLAS_BACKEND, kernelFunc: identity },
    { kernelName: ADAM_ALL_KERNEL, backendName: BLAS_BACKEND, kernelFunc: adamAll(addon) },
    { kernelName: BCE_KERNEL, backendName: BLAS_BACKEND, kernelFunc: bce(addon) },
    { kernelName: BCE_GRAD_KERNEL, backendName: BLAS_BACKEND, kernelFunc: bceGrad(addon) },
    { kernelName: 'Sum', backendName: BLAS_BACKEND, kernelFunc: sum(addon) },
    { kernelName: 'Add', backendName: BLAS_BACKEND, kernelFunc: add(addon) },
    { kernelName: MASKED_PRODUCT_KERNEL, backendName: BLAS_BACKEND, kernelFunc: maskedProduct(addon) },
    { kernelName: MASKED_PRODUCT_GRAD_KERNEL, backendName: BLAS_BACKEND, kernelFunc: maskedProductGrad(addon) },
    ...(['Conv2DBackpropInput', 'Conv2DBackpropFilter'] as const).map((name) => ({ kernelName: name, backendName: BLAS_BACKEND, kernelFunc: convBackprop(addon, name) })),
    { kernelName: 'MaxPoolGrad', backendName: BLAS_BACKEND, kernelFunc: maxPoolGrad(addon) },
    { kernelName: 'Cast', backendName: BLAS_BACKEND, kernelFunc: cast },
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
