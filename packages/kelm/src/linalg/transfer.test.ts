import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addInto, readView } from './transfer.js';

describe('readView / addInto', () => {
  it('reads a tensor without changing its values', () => {
    const t = tf.tensor2d([1.5, -2, 3, 4.25], [2, 2]);
    const view = readView(t);
    expect(Array.from(view)).toEqual([1.5, -2, 3, 4.25]);
    t.dispose();
  });

  it('accumulates float32 parts into a float64 total', () => {
    const total = Float64Array.from([1, 2]);
    addInto(total, Float32Array.from([0.5, -3]));
    expect(Array.from(total)).toEqual([1.5, -1]);
  });
});
