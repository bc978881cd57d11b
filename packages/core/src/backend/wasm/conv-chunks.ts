import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { disposeInfos, view, type WasmBackend } from './kernel-utils.js';

/** The attributes both conv gradients share (besides their filterShape or inputShape). */
export interface ConvBackpropAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Runs `body` over NHWC dy in chunks of samples, so that the [(i, j, c), (b, y, x)] patch matrix of a chunk stays
 * within `limit` floats (a chunk holds one sample at least). `part` is dy's rows [first, first + count) as
 * [count·outH·outW, outC]: dy itself when one chunk takes the whole batch, else a copy, freed once `body` returns.
 */
export function forEachDyChunk(
  backend: WasmBackend,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  limit: number,
  body: (part: TensorInfo, first: number, count: number) => void,
): void {
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const pixels = info.outHeight * info.outWidth;
  const outChannels = info.outChannels;
  const chunk = Math.max(1, Math.min(info.batchSize, Math.floor(limit / Math.max(1, rows * pixels))));
  for (let first = 0; first < info.batchSize; first += chunk) {
    const count = Math.min(chunk, info.batchSize - first);
    const columns = count * pixels;
    if (count === info.batchSize) {
      body(view(dy, [columns, outChannels]), first, count);
      continue;
    }
    const part = backend.makeOutput([columns, outChannels], 'float32');
    const src = backend.typedArrayFromHeap(dy) as Float32Array;
    (backend.typedArrayFromHeap(part) as Float32Array).set(src.subarray(first * pixels * outChannels, (first + count) * pixels * outChannels));
    body(part, first, count);
    disposeInfos(backend, part);
  }
}
