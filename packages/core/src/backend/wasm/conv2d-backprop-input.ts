import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { forEachDyChunk, type ConvBackpropAttrs } from './conv-chunks.js';
import { disposeInfos, requireKernel, runSingle, view, type WasmBackend } from './kernel-utils.js';
import { simdConv2DBackpropInput } from './simd/conv.js';

/*
 * tfjs-backend-wasm's Conv2DBackpropInput (the input gradient of every conv2d, and the forward pass of every
 * conv2dTranspose) is a plain C++ loop nest. Here XNNPACK's GEMM does the arithmetic: cols = dy viewed as
 * [(b, y, x), o] times the filter viewed as [(i, j, c), o] transposed, then col2im adds each column back to
 * dx[b, y·s + i - pad, x·s + j - pad, c].
 */

/** Upper bound on the column buffer (floats); larger batches are processed in chunks of samples. Mutable for tests. */
export const col2imLimit = { floats: 1 << 24 };

interface Attrs extends ConvBackpropAttrs {
  inputShape: [number, number, number, number];
}

/** Adds cols ([(s, y, x), (i, j, c)] for samples [first, first + count)) into NHWC dx. */
function col2im(cols: Float32Array, dx: Float32Array, first: number, count: number, info: tf.backend_util.Conv2DInfo): void {
  const { inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  let p = 0;
  for (let s = 0; s < count; s++) {
    const sample = (first + s) * h * w * c;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        for (let i = 0; i < fh; i++) {
          const iy = y * sh - top + i * dh;
          if (iy < 0 || iy >= h) {
            p += fw * c;
            continue;
          }
          for (let j = 0; j < fw; j++) {
            const ix = x * sw - left + j * dw;
            if (ix < 0 || ix >= w) {
              p += c;
              continue;
            }
            let at = sample + (iy * w + ix) * c;
            for (let k = 0; k < c; k++) dx[at++]! += cols[p++]!;
          }
        }
      }
    }
  }
}

const conv2dBackpropInput: KernelFunc = (args) => {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Attrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, format);
  // NHWC with filters in blocks of four: direct SIMD loops (simd/conv.wat); everything else below.
  const direct = simdConv2DBackpropInput(backend, dy, filter, info);
  if (direct) return direct;
  const transpose = requireKernel('Transpose').kernelFunc;
  const temps: TensorInfo[] = [];
  let dys = dy;
  if (info.dataFormat === 'channelsFirst') {
    dys = runSingle(transpose, { x: dy }, backend, { perm: [0, 2, 3, 1] });
    temps.push(dys);
  }
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const outChannels = info.outChannels;
  const matMul = requireKernel('BatchMatMul').kernelFunc;
  const filterRows = view(filter, [1, rows, outChannels]);
  const nhwc = [info.batchSize, info.inHeight, info.inWidth, info.inChannels];
  const dx = backend.makeOutput(nhwc, 'float32');
  (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
  forEachDyChunk(backend, dys, info, col2imLimit.floats, (dyPart, first, count) => {
    const cols = runSingle(matMul, { a: view(dyPart, [1, ...dyPart.shape]), b: filterRows }, backend, { transposeA: false, transposeB: true });
    // Heap views are taken after the last allocation: growing the heap detaches earlier ones.
    col2im(backend.typedArrayFromHeap(cols) as Float32Array, backend.typedArrayFromHeap(dx) as Float32Array, first, count, info);
    disposeInfos(backend, cols);
  });
  disposeInfos(backend, ...temps);
  if (info.dataFormat !== 'channelsFirst') return dx;
  const nchw = runSingle(transpose, { x: dx }, backend, { perm: [0, 3, 1, 2] });
  disposeInfos(backend, dx);
  return nchw;
};

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput,
};
