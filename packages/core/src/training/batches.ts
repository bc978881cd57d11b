import * as tf from '@tensorflow/tfjs';
import { sampleSize, type TrainData } from './data.js';

/** Copies a batch of samples into a tensor. */
export function batchTensors(data: TrainData, order: ArrayLike<number>, start: number, size: number, buffer: Float32Array): { x: tf.Tensor; labels?: tf.Tensor1D } {
  const per = sampleSize(data);
  const view = buffer.subarray(0, size * per);
  for (let i = 0; i < size; i++) {
    const j = order[start + i]!;
    view.set(data.features.subarray(j * per, (j + 1) * per), i * per);
  }
  const x = tf.tensor(view, [size, ...data.shape], 'float32');
  if (!data.labels) return { x };
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) labels[i] = data.labels[order[start + i]!]!;
  return { x, labels: tf.tensor1d(labels, 'int32') };
}
