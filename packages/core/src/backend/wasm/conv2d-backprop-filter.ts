import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { forEachDyChunk, type ConvBackpropAttrs } from './conv-chunks.js';
import { disposeInfos, requireKernel, runSingle, type WasmBackend } from './kernel-utils.js';
import { simdConv2DBackpropFilter } from './simd/conv.js';

/*
 * tfjs-backend-wasm has no Conv2DBackpropFilter, which the gradient of every conv2d and conv2dTranspose needs.
 * dW[i, j, c, o] = Σ_{b, y, x} in[b, y·s + i - pad, x·s + j - pad, c] · dy[b, y, x, o]: an im2col matrix
 * cols[(i, j, c), (b, y, x)] times dy viewed as [(b, y, x), o], so XNNPACK's GEMM does the arithmetic.
 */

/** Upper bound on the im2col buffer (floats); larger batches are processed in chunks of samples. Mutable for tests. */
export const im2colLimit = { floats: 1 << 24 };

interface Attrs extends ConvBackpropAttrs {
  filterShape: [number, number, number, number];
}

interface Geometry {
  height: number;
  width: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  top: number;
  left: number;
}

/** Fills cols ([rows, samples·outH·outW], row-major) from samples [first, first + count) of NHWC x. */
export function im2col(x: Float32Array, cols: Float32Array, first: number, count: number, g: Geometry): void {
  const pixels = g.outHeight * g.outWidth;
  const columns = count * pixels;
  const sampleSize = g.height * g.width * g.channels;
  const rowStride = g.width * g.channels;
  for (let i = 0; i < g.filterHeight; i++) {
    for (let j = 0; j < g.filterWidth; j++) {
      for (let c = 0; c < g.channels; c++) {
        let p = ((i * g.filterWidth + j) * g.channels + c) * columns;
        for (let s = 0; s < count; s++) {
          const base = (first + s) * sampleSize + c;
          for (let y = 0; y < g.outHeight; y++) {
            const iy = y * g.strideHeight - g.top + i * g.dilationHeight;
            if (iy < 0 || iy >= g.height) {
              cols.fill(0, p, p + g.outWidth);
              p += g.outWidth;
              continue;
            }
            // Output columns whose input column lies inside the image: zeros outside, one strided copy inside.
            const shift = j * g.dilationWidth - g.left;
            const lo = Math.min(g.outWidth, Math.max(0, Math.ceil(-shift / g.strideWidth)));
            const hi = Math.max(lo, Math.min(g.outWidth, Math.floor((g.width - 1 - shift) / g.strideWidth) + 1));
            if (lo > 0) cols.fill(0, p, p + lo);
            let src = base + iy * rowStride + (lo * g.strideWidth + shift) * g.channels;
            const step = g.strideWidth * g.channels;
            for (let xo = lo; xo < hi; xo++, src += step) cols[p + xo] = x[src]!;
            if (hi < g.outWidth) cols.fill(0, p + hi, p + g.outWidth);
            p += g.outWidth;
          }
        }
      }
    }
  }
}

const conv2dBackpropFilter: KernelFunc = (args) => {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as Attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format);
  // NHWC with filters in blocks of four: direct SIMD loops (simd/conv.wat); everything else below.
  const direct = simdConv2DBackpropFilter(backend, x, dy, info);
  if (direct) return direct;

  const temps: TensorInfo[] = [];
  let xs = x;
  let dys = dy;
  if (info.dataFormat === 'channelsFirst') {
    const transpose = requireKernel('Transpose').kernelFunc;
    xs = runSingle(transpose, { x }, backend, { perm: [0, 2, 3, 1] });
    dys = runSingle(transpose, { x: dy }, backend, { perm: [0, 2, 3, 1] });
    temps.push(xs, dys);
  }
  const geometry: Geometry = {
    height: info.inHeight,
    width: info.inWidth,
    channels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const pixels = info.outHeight * info.outWidth;
  const matMul = requireKernel('BatchMatMul').kernelFunc;
  const sum = new Float32Array(rows * info.outChannels);
  forEachDyChunk(backend, dys, info, im2colLimit.floats, (dyPart, first, count) => {
    const cols = backend.makeOutput([rows, count * pixels], 'float32');
    // Heap views are taken after the last allocation: growing the heap detaches earlier ones.
    im2col(backend.typedArrayFromHeap(xs) as Float32Array, backend.typedArrayFromHeap(cols) as Float32Array, first, count, geometry);
    const part = runSingle(matMul, { a: cols, b: dyPart }, backend, { transposeA: false, transposeB: false });
    const values = backend.typedArrayFromHeap(part) as Float32Array;
    for (let i = 0; i < sum.length; i++) sum[i]! += values[i]!;
    disposeInfos(backend, part, cols);
  });
  disposeInfos(backend, ...temps);
  return backend.makeOutput([...filterShape], 'float32', undefined, sum);
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter,
};
