/** Moving float32 data off the backend without an intermediate copy where the backend allows it. */
import * as tf from '@tensorflow/tfjs';

interface HeapBackend {
  typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array;
}

/**
 * The tensor's values: on the WASM backend a view straight into its heap (no allocation, which keeps the
 * garbage collector out of the factorisation's inner loop), elsewhere the dataSync copy. Read it before the next tf
 * op: growing the WASM heap detaches the view.
 */
export function readView(t: tf.Tensor): Float32Array {
  const backend = tf.backend() as unknown as HeapBackend;
  if (t.dtype === 'float32' && typeof backend.typedArrayFromHeap === 'function') {
    try {
      const view = backend.typedArrayFromHeap(t);
      if (view instanceof Float32Array && view.length === t.size) return view;
    } catch {
      // Not this backend's tensor, or a layout we do not know: copy instead.
    }
  }
  return t.dataSync() as Float32Array;
}

/** Accumulates a float32 batch result into a float64 total. */
export function addInto(total: Float64Array, part: Float32Array): void {
  for (let i = 0; i < part.length; i++) total[i]! += part[i]!;
}
