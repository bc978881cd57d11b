import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { availableTestBackends, useBackend } from '../../node/backend/testing.js';
import { maxAbsDiff, seededValues } from '../testing/reference.js';
import { meanBceWithLogits } from './bce.js';

const backends = await availableTestBackends();

describe.each(backends)('meanBceWithLogits on %s', (backend) => {
  it('equals the hand-computed value and tf.losses.sigmoidCrossEntropy', async () => {
    await useBackend(backend);
    const x = [0, 1, 0.25, 1];
    const l = [-2, 3, 0.5, -40];
    const expected = x.reduce((s, xi, i) => s + (Math.max(l[i]!, 0) - xi * l[i]! + Math.log1p(Math.exp(-Math.abs(l[i]!)))), 0) / 4;
    const value = meanBceWithLogits(tf.tensor1d(x), tf.tensor1d(l));
    expect((await value.data())[0]).toBeCloseTo(expected, 5);
    const theirs = tf.losses.sigmoidCrossEntropy(tf.tensor1d(x), tf.tensor1d(l));
    expect((await theirs.data())[0]).toBeCloseTo(expected, 5);
  });

  it('has the gradients of autodiff through tf.losses.sigmoidCrossEntropy (and finite differences)', async () => {
    await useBackend(backend);
    const x = tf.tensor2d(seededValues(24, 1, 0, 1), [4, 6]);
    const l = tf.tensor2d(seededValues(24, 2, -4, 4), [4, 6]);
    const [gxOurs, glOurs] = tf.grads((a: tf.Tensor, b: tf.Tensor) => meanBceWithLogits(a, b))([x, l]);
    const [gxTheirs, glTheirs] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.losses.sigmoidCrossEntropy(a, b))([x, l]);
    expect(maxAbsDiff(await glOurs!.data(), await glTheirs!.data())).toBeLessThan(1e-6);
    expect(maxAbsDiff(await gxOurs!.data(), await gxTheirs!.data())).toBeLessThan(1e-6);
    // d/dl of mean(softplus(l) - x l) = (σ(l) - x)/n, by central differences in float64.
    const xv = await x.data();
    const lv = await l.data();
    const f = (ls: Float64Array) => ls.reduce((s, li, i) => s + Math.max(li, 0) - xv[i]! * li + Math.log1p(Math.exp(-Math.abs(li))), 0) / 24;
    const numeric = Array.from(lv, (_, i) => {
      const plus = Float64Array.from(lv);
      const minus = Float64Array.from(lv);
      plus[i]! += 1e-5;
      minus[i]! -= 1e-5;
      return (f(plus) - f(minus)) / 2e-5;
    });
    expect(maxAbsDiff(await glOurs!.data(), numeric)).toBeLessThan(1e-6);
    tf.dispose([x, l, gxOurs!, glOurs!, gxTheirs!, glTheirs!]);
  });
});
