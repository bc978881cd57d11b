import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, type WasmBackend } from '../kernel-utils.js';
import { CONV_WASM, CONV_WASM_SHARED } from './conv-wasm.js';
import { kernelsOn } from './instance.js';

/*
 * The JavaScript side of conv.wat: checks that a convolution fits the SIMD loops (NHWC, filter counts in blocks of
 * four), lays out the padded copies and rearranged filters they expect, and calls them once per sample. Each function
 * returns null when the case is not covered, and the caller keeps its general path.
 */

type Strides13 = [number, number, number, number, number, number, number, number, number, number, number, number, number];
interface ConvExports {
  filter_grad_1x4(...args: Strides13): void;
  filter_grad_4x1(...args: Strides13): void;
  filter_grad_1x1(...args: Strides13): void;
  input_grad(...args: Strides13): void;
  corr_1x4(...args: Strides13): void;
  corr_4x1(...args: Strides13): void;
  maxpool_grad(x: number, dy: number, dx: number, oh: number, ow: number, ph: number, pw: number, cb: number, row: number, pix: number): void;
}

function kernels(backend: WasmBackend): ConvExports | null {
  return kernelsOn<ConvExports>(backend, CONV_WASM, CONV_WASM_SHARED);
}

function heap(backend: WasmBackend, t: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(t) as Float32Array;
}

/** The padded image size every tap of the convolution stays inside (the input plus its zero border). */
function paddedSize(info: tf.backend_util.Conv2DInfo): { hp: number; wp: number; padded: boolean } {
  const { top, bottom, left, right } = info.padInfo;
  const hp = Math.max(info.inHeight + top + bottom, (info.outHeight - 1) * info.strideHeight + (info.filterHeight - 1) * info.dilationHeight + 1);
  const wp = Math.max(info.inWidth + left + right, (info.outWidth - 1) * info.strideWidth + (info.filterWidth - 1) * info.dilationWidth + 1);
  return { hp, wp, padded: top !== 0 || left !== 0 || hp !== info.inHeight || wp !== info.inWidth };
}

/** Copies NHWC samples of [h, w, c] into [hp, wp, c] at (top, left); the rest of `dst` must already be zero. */
function padInto(src: Float32Array, dst: Float32Array, batch: number, h: number, w: number, c: number, hp: number, wp: number, top: number, left: number): void {
  const row = w * c;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < h; y++) {
      const from = (b * h + y) * row;
      dst.set(src.subarray(from, from + row), ((b * hp + y + top) * wp + left) * c);
    }
  }
}

/** The inverse crop: [hp, wp, c] at (top, left) back into [h, w, c]. */
function cropFrom(src: Float32Array, dst: Float32Array, batch: number, h: number, w: number, c: number, hp: number, wp: number, top: number, left: number): void {
  const row = w * c;
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < h; y++) {
      const from = ((b * hp + y + top) * wp + left) * c;
      dst.set(src.subarray(from, from + row), (b * h + y) * row);
    }
  }
}

function is4D(info: tf.backend_util.Conv2DInfo): boolean {
  return info.dataFormat === 'channelsLast' && info.batchSize > 0 && info.outHeight > 0 && info.outWidth > 0 && info.inChannels > 0;
}

/** Output pixels summed in float32 before the sums move to the float64 total (so long batches do not drift). */
const PIXELS_PER_FOLD = 4096;

/**
 * dW[i, j, c, o] = Σ_{b, y, x} x[b, y·sh + i·dh - top, x·sw + j·dw - left, c] · dy[b, y, x, o], for NHWC x and dy
 * with o a multiple of 4. Returns the [fh, fw, c, o] gradient, or null when the case is not covered.
 */
export function simdConv2DBackpropFilter(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  const k = kernels(backend);
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: o, filterHeight: fh, filterWidth: fw } = info;
  if (!k || !is4D(info) || o % 4 !== 0 || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const { hp, wp, padded } = paddedSize(info);
  const size = fh * fw * c * o;
  const xp = padded ? backend.makeOutput([batch * hp * wp * c], 'float32') : x;
  const acc = backend.makeOutput([size], 'float32');
  // Heap views after the last allocation: growing the heap detaches earlier ones.
  if (padded) {
    const dst = heap(backend, xp);
    dst.fill(0);
    padInto(heap(backend, x), dst, batch, h, w, c, hp, wp, info.padInfo.top, info.padInfo.left);
  }
  const sums = heap(backend, acc);
  sums.fill(0);
  const total = new Float64Array(size);
  const fold = (): void => {
    for (let i = 0; i < size; i++) total[i]! += sums[i]!;
    sums.fill(0);
  };
  const run = o % 16 === 0 ? k.filter_grad_1x4 : c % 4 === 0 ? k.filter_grad_4x1 : k.filter_grad_1x1;
  const row = wp * c * 4;
  const xBase = heap(backend, xp).byteOffset;
  const dyBase = heap(backend, dy).byteOffset;
  const foldEvery = Math.max(1, Math.floor(PIXELS_PER_FOLD / (oh * ow)));
  for (let b = 0; b < batch; b++) {
    run(xBase + b * hp * row, dyBase + b * oh * ow * o * 4, sums.byteOffset, oh, ow, fh, fw, c, o, info.strideHeight * row, info.strideWidth * c * 4, info.dilationHeight * row, info.dilationWidth * c * 4);
    if ((b + 1) % foldEvery === 0 || b === batch - 1) fold();
  }
  disposeInfos(backend, acc);
  if (padded) disposeInfos(backend, xp);
  return backend.makeOutput([fh, fw, c, o], 'float32', undefined, Float32Array.from(total));
}

/** The correlation loop for `outputs` channels over `width` output columns, or null when neither fits. */
function corrFor(k: ConvExports, outputs: number, width: number): ConvExports['corr_1x4'] | null {
  if (outputs % 16 === 0) return k.corr_1x4;
  return outputs % 4 === 0 && width % 4 === 0 ? k.corr_4x1 : null;
}

/**
 * conv2d: y[b, y, x, o] = Σ x[b, y·sh + i·dh - top, x·sw + j·dw - left, c] · W[i, j, c, o] for NHWC x, with o a
 * multiple of 16, or of 4 when the output width is too. Returns y, or null when not covered.
 */
export function simdConv2D(backend: WasmBackend, x: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  const k = kernels(backend);
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: o, filterHeight: fh, filterWidth: fw } = info;
  const corr = k && is4D(info) && x.dtype === 'float32' && filter.dtype === 'float32' ? corrFor(k, o, ow) : null;
  if (!corr) return null;
  const { hp, wp, padded } = paddedSize(info);
  const y = backend.makeOutput([batch, oh, ow, o], 'float32');
  const xp = padded ? backend.makeOutput([batch * hp * wp * c], 'float32') : x;
  // Heap views after the last allocation.
  if (padded) {
    const dst = heap(backend, xp);
    dst.fill(0);
    padInto(heap(backend, x), dst, batch, h, w, c, hp, wp, info.padInfo.top, info.padInfo.left);
  }
  const row = wp * c * 4;
  const xBase = heap(backend, xp).byteOffset;
  const yBase = heap(backend, y).byteOffset;
  const wBase = heap(backend, filter).byteOffset;
  for (let b = 0; b < batch; b++) {
    corr(xBase + b * hp * row, wBase, yBase + b * oh * ow * o * 4, oh, ow, fh, fw, c, o, info.strideHeight * row, info.strideWidth * c * 4, info.dilationHeight * row, info.dilationWidth * c * 4);
  }
  if (padded) disposeInfos(backend, xp);
  return y;
}

/**
 * The input gradient of a stride-1 convolution gathered rather than scattered: each dx pixel is a convolution of dy
 * (padded so every tap lands inside) with the filter flipped and its channel axes swapped, so its sums stay in
 * registers across all taps. Needs dx channels in blocks of 16 (or 4 with a width in blocks of 4); null otherwise.
 */
function gatherInputGrad(backend: WasmBackend, k: ConvExports, dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: o, filterHeight: fh, filterWidth: fw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const corr = corrFor(k, c, w);
  // dy's place in its padded copy: dy[y] feeds dx[y - top + i·dh], so dx row r reads padded rows r .. r + (fh-1)·dh.
  const top = (fh - 1) * dh - info.padInfo.top;
  const left = (fw - 1) * dw - info.padInfo.left;
  const hq = h + (fh - 1) * dh;
  const wq = w + (fw - 1) * dw;
  if (!corr || top < 0 || left < 0 || top + oh > hq || left + ow > wq) return null;
  const dx = backend.makeOutput([batch, h, w, c], 'float32');
  const dyp = backend.makeOutput([batch * hq * wq * o], 'float32');
  const flipped = backend.makeOutput([fh * fw * o * c], 'float32');
  // Heap views after the last allocation.
  const f = heap(backend, filter);
  const t = heap(backend, flipped);
  // [fh, fw, c, o] → flipped [fh, fw, o, c]
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const from = ((fh - 1 - i) * fw + (fw - 1 - j)) * c * o;
      const to = (i * fw + j) * o * c;
      for (let ci = 0; ci < c; ci++) for (let oi = 0; oi < o; oi++) t[to + oi * c + ci] = f[from + ci * o + oi]!;
    }
  }
  const padded = heap(backend, dyp);
  padded.fill(0);
  padInto(heap(backend, dy), padded, batch, oh, ow, o, hq, wq, top, left);
  const row = wq * o * 4;
  const dxBase = heap(backend, dx).byteOffset;
  for (let b = 0; b < batch; b++) {
    corr(padded.byteOffset + b * hq * row, t.byteOffset, dxBase + b * h * w * c * 4, h, w, fh, fw, o, c, row, o * 4, dh * row, dw * o * 4);
  }
  disposeInfos(backend, dyp, flipped);
  return dx;
}

/**
 * dx[b, y·sh + i·dh - top, x·sw + j·dw - left, c] = Σ dy[b, y, x, o] · W[i, j, c, o] (conv2d's input gradient and
 * conv2dTranspose's forward pass), for NHWC dy with o a multiple of 4 (scattered from each dy pixel), or stride 1
 * with c in blocks of 16 (gathered into each dx pixel). Returns dx, or null when not covered.
 */
export function simdConv2DBackpropInput(backend: WasmBackend, dy: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  const k = kernels(backend);
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: o, filterHeight: fh, filterWidth: fw } = info;
  if (!k || !is4D(info) || dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const gathered = gatherInputGrad(backend, k, dy, filter, info);
  if (gathered || o % 4 !== 0) return gathered;
  const { hp, wp, padded } = paddedSize(info);
  const cb = Math.ceil(c / 4);
  const cp = 4 * cb;
  // The last block of a pixel whose channels are not a multiple of 4 adds zeros past it: into the next pixel, or
  // for the last pixel into 4 spare floats, which only a scratch buffer has.
  const scratch = padded || c % 4 !== 0;
  const dx = backend.makeOutput([batch, h, w, c], 'float32');
  const dxp = scratch ? backend.makeOutput([batch * hp * wp * c + 4], 'float32') : dx;
  const wt = backend.makeOutput([fh * fw * o * cp], 'float32');
  // Heap views after the last allocation.
  const f = heap(backend, filter);
  const t = heap(backend, wt);
  t.fill(0);
  // [fh, fw, c, o] → [fh, fw, o, cp]
  for (let tap = 0; tap < fh * fw; tap++) {
    for (let ci = 0; ci < c; ci++) {
      for (let oi = 0; oi < o; oi++) t[(tap * o + oi) * cp + ci] = f[(tap * c + ci) * o + oi]!;
    }
  }
  const out = heap(backend, dxp);
  out.fill(0);
  const row = wp * c * 4;
  const dyBase = heap(backend, dy).byteOffset;
  for (let b = 0; b < batch; b++) {
    k.input_grad(dyBase + b * oh * ow * o * 4, t.byteOffset, out.byteOffset + b * hp * row, oh, ow, fh, fw, cb, o, info.strideHeight * row, info.strideWidth * c * 4, info.dilationHeight * row, info.dilationWidth * c * 4);
  }
  if (scratch) cropFrom(out, heap(backend, dx), batch, h, w, c, hp, wp, info.padInfo.top, info.padInfo.left);
  disposeInfos(backend, wt);
  if (scratch) disposeInfos(backend, dxp);
  return dx;
}

/**
 * MaxPoolGrad for windows that tile the input without overlap or padding (strides equal to the window, as in
 * every 2x2 pooling of the conv autoencoders), with channels in blocks of four. Returns dx, or null when not covered.
 */
export function simdMaxPoolGrad(backend: WasmBackend, dy: TensorInfo, input: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  const k = kernels(backend);
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: ph, filterWidth: pw } = info;
  const { top, left, bottom, right } = info.padInfo;
  const tiles = info.strideHeight === ph && info.strideWidth === pw && top === 0 && left === 0 && bottom === 0 && right === 0 && info.dilationHeight === 1 && info.dilationWidth === 1;
  if (!k || !tiles || c % 4 !== 0 || oh * ph > h || ow * pw > w || input.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const dx = backend.makeOutput([...input.shape], 'float32');
  const out = heap(backend, dx);
  // Rows or columns no window covers get no gradient; every covered element is written by the kernel.
  if (oh * ph < h || ow * pw < w) out.fill(0);
  if (batch * oh * ow === 0) return dx;
  const xBase = heap(backend, input).byteOffset;
  const dyBase = heap(backend, dy).byteOffset;
  const sample = h * w * c * 4;
  for (let b = 0; b < batch; b++) {
    k.maxpool_grad(xBase + b * sample, dyBase + b * oh * ow * c * 4, out.byteOffset + b * sample, oh, ow, ph, pw, c / 4, w * c * 4, c * 4);
  }
  return dx;
}
