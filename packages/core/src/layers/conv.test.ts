import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, gradientCheck, itOnEachBackend, useCpu } from '../../test/helpers.js';
import { Conv2D, Conv2DTranspose, MaxPool2D, convOutputLength } from './conv.js';
import { Rng } from './random.js';

beforeAll(useCpu);

const conv = (name: string, filters: number, k: number, s: number, padding: 'same' | 'valid', activation: 'relu' | 'sigmoid' | 'tanh' = 'tanh') =>
  ({ name, filters, kernelSize: [k, k] as [number, number], strides: [s, s] as [number, number], padding, activation, initializer: { type: 'glorotUniform' as const } });

describe('conv layers', () => {
  it('compute output shapes and parameter counts like PyTorch', () => {
    const c1 = new Conv2D(conv('c1', 16, 3, 1, 'same', 'relu'));
    c1.build([32, 32, 3], new Rng(1));
    expect(c1.outputShape).toEqual([32, 32, 16]);
    expect(c1.countParams()).toBe(448);
    const p = new MaxPool2D({ name: 'p', poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    p.build([32, 32, 16], new Rng(1));
    expect(p.outputShape).toEqual([16, 16, 16]);
    const t = new Conv2DTranspose(conv('t', 16, 2, 2, 'valid', 'relu'));
    t.build([8, 8, 4], new Rng(1));
    expect(t.outputShape).toEqual([16, 16, 16]);
    expect(t.countParams()).toBe(272);
    expect(convOutputLength(7, 3, 2, 'valid')).toBe(3);
    expect(convOutputLength(7, 3, 2, 'same')).toBe(4);
    for (const l of [c1, p, t]) l.dispose();
  });

  itOnEachBackend('have gradients that match finite differences', () => {
    const x = tf.variable(tf.tensor4d(new Rng(2).uniformArray(2 * 6 * 6 * 2), [2, 6, 6, 2]));
    const c = new Conv2D(conv('c', 3, 3, 1, 'same'));
    c.build([6, 6, 2], new Rng(3));
    const p = new MaxPool2D({ name: 'p', poolSize: [2, 2], strides: [2, 2], padding: 'valid' });
    p.build([6, 6, 3], new Rng(3));
    const t = new Conv2DTranspose(conv('t', 2, 2, 2, 'valid'));
    t.build([3, 3, 3], new Rng(4));
    const ctx = { training: true };
    const loss = (): tf.Scalar => tf.sum(tf.square(t.apply(p.apply(c.apply(x, ctx), ctx), ctx)));
    expect(t.outputShape).toEqual([6, 6, 2]);
    for (const v of [c.kernel!, c.bias!, t.kernel!, t.bias!, x]) {
      const { analytic, numeric } = gradientCheck(loss, v, { entries: 5, eps: 2e-3 });
      expectClose(analytic, numeric);
    }
    for (const l of [c, p, t]) l.dispose();
    x.dispose();
  });
});
