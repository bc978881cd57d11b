import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './kernel-utils.js';
import { simdMaxPoolGrad } from './simd/conv.js';

/*
 * tfjs-backend-wasm's MaxPoolGrad took a quarter of a conv autoencoder's training step. One pass over the windows in
 * JavaScript: each window's gradient goes to its first largest input, as the CPU backend does (its scan starts from
 * -Infinity and moves only to strictly larger values: NaNs are never picked, and a window without a number larger
 * than -Infinity passes nothing on).
 */

interface Attrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const maxPoolGrad: KernelFunc = (args) => {
  const backend = args.backend as WasmBackend;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as Attrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  // Windows that tile the input, channels in blocks of four: SIMD (simd/conv.wat); everything else below.
  const direct = simdMaxPoolGrad(backend, dy, input, info);
  if (direct) return direct;
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const dx = backend.makeOutput([...input.shape], 'float32');
  // Heap views after the last allocation: growing the heap detaches earlier ones.
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  out.fill(0);
  let q = 0;
  for (let b = 0; b < batchSize; b++) {
    const sample = b * h * w * c;
    for (let y = 0; y < oh; y++) {
      const y0 = y * sh - top;
      for (let xo = 0; xo < ow; xo++) {
        const x0 = xo * sw - left;
        for (let k = 0; k < c; k++, q++) {
          let best = -Infinity;
          let at = -1;
          for (let i = 0; i < fh; i++) {
            const iy = y0 + i;
            if (iy < 0 || iy >= h) continue;
            for (let j = 0; j < fw; j++) {
              const ix = x0 + j;
              if (ix < 0 || ix >= w) continue;
              const p = sample + (iy * w + ix) * c + k;
              if (x[p]! > best) {
                best = x[p]!;
                at = p;
              }
            }
          }
          if (at >= 0) out[at]! += g[q]!;
        }
      }
    }
  }
  return dx;
};

export const maxPoolGradConfig: KernelConfig = { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad };
