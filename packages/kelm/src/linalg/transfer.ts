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

interface OutputBackend extends HeapBackend {
  makeOutput?: (shape: number[], dtype: 'float32') => tf.TensorInfo;
}

/**
 * A new rows x cols tensor whose values `fill` writes. On the WASM backend it writes straight into the tensor's
 * heap memory — the factorisation's largest operand is rebuilt every block step, and this saves a full copy of it;
 * elsewhere it fills a typed array and uploads that.
 */
export function filledTensor(rows: number, cols: number, fill: (values: Float32Array) => void): tf.Tensor2D {
  const backend = tf.backend() as unknown as OutputBackend;
  if (typeof backend.makeOutput === 'function' && typeof backend.typedArrayFromHeap === 'function') {
    const t = tf.engine().makeTensorFromTensorInfo(backend.makeOutput([rows, cols], 'float32')) as tf.Tensor2D;
    const view = backend.typedArrayFromHeap(t);
    if (view instanceof Float32Array && view.length === rows * cols) {
      fill(view);
      return t;
    }
    t.dispose();
  }
  const values = new Float32Array(rows * cols);
  fill(values);
  return tf.tensor2d(values, [rows, cols]);
}
