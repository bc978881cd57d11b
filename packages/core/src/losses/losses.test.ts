import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, gradientCheck, useCpu } from '../../test/helpers.js';
import { Rng } from '../layers/random.js';
import {
  binaryCrossEntropyFromLogits,
  klDivergenceFromLogits,
  meanSquaredError,
  softmaxCrossEntropy,
} from './reconstruction.js';
import { activityPenalty, klSparsityPenalty, weightPenalty } from './regularizers.js';

beforeAll(useCpu);

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('reconstruction losses', () => {
  it('MSE is the mean of squared differences', () => {
    expect(meanSquaredError(tf.tensor2d([[0, 1]]), tf.tensor2d([[0.5, 0]])).dataSync()[0]).toBeCloseTo(0.625, 6);
  });

  it('BCE from logits matches the textbook formula and stays finite for huge logits', () => {
    const x = [0, 1, 0.3, 0.8];
    const z = [-1.5, 2, 0.1, -0.7];
    const want = x.reduce((s, xi, i) => s - (xi * Math.log(sigmoid(z[i]!)) + (1 - xi) * Math.log(1 - sigmoid(z[i]!))), 0) / x.length;
    expect(binaryCrossEntropyFromLogits(tf.tensor2d([x]), tf.tensor2d([z])).dataSync()[0]).toBeCloseTo(want, 5);
    const big = binaryCrossEntropyFromLogits(tf.tensor2d([[1, 0]]), tf.tensor2d([[-200, 200]])).dataSync()[0]!;
    expect(big).toBeCloseTo(200, 3);
  });

  it('KL(x || z) sums the Bernoulli divergence over features, per sample, and is 0 at a perfect reconstruction', () => {
    const x = [
      [0, 1, 0.3],
      [0.5, 0.2, 1],
    ];
    const z = [
      [-1, 0.5, 0.2],
      [0, 3, -2],
    ];
    const kl = (p: number, q: number): number => (p > 0 ? p * Math.log(p / q) : 0) + (p < 1 ? (1 - p) * Math.log((1 - p) / (1 - q)) : 0);
    const perSample = x.map((row, s) => row.reduce((acc, xi, i) => acc + kl(xi, sigmoid(z[s]![i]!)), 0));
    const want = (perSample[0]! + perSample[1]!) / 2;
    expect(klDivergenceFromLogits(tf.tensor2d(x), tf.tensor2d(z)).dataSync()[0]).toBeCloseTo(want, 5);
    const p = [[0.2, 0.7]];
    const logit = p.map((r) => r.map((v) => Math.log(v / (1 - v))));
    expect(klDivergenceFromLogits(tf.tensor2d(p), tf.tensor2d(logit)).dataSync()[0]).toBeCloseTo(0, 5);
  });

  it('have gradients that match finite differences', () => {
    const x = tf.tensor2d(new Rng(1).uniformArray(12), [3, 4]);
    const z = tf.variable(tf.tensor2d(new Rng(2).normalArray(12), [3, 4]));
    for (const f of [
      () => binaryCrossEntropyFromLogits(x, z),
      () => klDivergenceFromLogits(x, z),
      () => meanSquaredError(x, tf.sigmoid(z)),
      () => softmaxCrossEntropy(tf.tensor1d([0, 3, 1], 'int32'), z),
    ]) {
      const { analytic, numeric } = gradientCheck(f, z, { entries: 8 });
      expectClose(analytic, numeric);
    }
    z.dispose();
  });

  it('softmax cross-entropy is -log p of the true class', () => {
    const logits = tf.tensor2d([[1, 2, 3]]);
    const p = Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3));
    expect(softmaxCrossEntropy(tf.tensor1d([0], 'int32'), logits).dataSync()[0]).toBeCloseTo(-Math.log(p), 5);
  });
});

describe('regularisers', () => {
  it('compute L1/L2 weight and activity penalties', () => {
    const w = tf.tensor2d([[1, -2], [0.5, 0]]);
    const { l1, l2 } = weightPenalty([w], 0.1, 0.01);
    expect(l1!.dataSync()[0]).toBeCloseTo(0.35, 6);
    expect(l2!.dataSync()[0]).toBeCloseTo(0.0525, 6);
    const a = activityPenalty(tf.tensor2d([[1, -1], [3, 0]]), 1, 1);
    expect(a.l1!.dataSync()[0]).toBeCloseTo(2.5, 6);
    expect(a.l2!.dataSync()[0]).toBeCloseTo(5.5, 6);
    expect(weightPenalty([w], 0, 0)).toEqual({ l1: null, l2: null });
  });

  it('KL sparsity is beta sum KL(rho || mean activation), with matching gradients', () => {
    const code = tf.tensor2d([[0.1, 0.5], [0.3, 0.7]]);
    const rho = 0.05;
    const kl = (r: number, q: number): number => r * Math.log(r / q) + (1 - r) * Math.log((1 - r) / (1 - q));
    expect(klSparsityPenalty(code, rho, 3).dataSync()[0]).toBeCloseTo(3 * (kl(rho, 0.2) + kl(rho, 0.6)), 4);
    const v = tf.variable(tf.tensor2d(new Rng(3).normalArray(8), [4, 2]));
    const { analytic, numeric } = gradientCheck(() => klSparsityPenalty(tf.sigmoid(v), 0.1, 2), v, { entries: 8 });
    expectClose(analytic, numeric);
    v.dispose();
  });
});
