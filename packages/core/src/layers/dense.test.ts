import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, gradientCheck, itOnEachBackend, useCpu } from '../../test/helpers.js';
import { Dense, DropConnectDense, TiedDense, denseDefaults, gaussianDropConnect, perSampleDropConnect, type DropConnectDenseConfig } from './dense.js';
import { Rng } from './random.js';

beforeAll(useCpu);

function dropConnect(maskMode: 'per-sample' | 'per-minibatch', keepProbability = 0.7, units = 3): DropConnectDense {
  const config: DropConnectDenseConfig = { ...denseDefaults({ name: 'dc', units, activation: 'sigmoid' }), keepProbability, maskMode };
  const layer = new DropConnectDense(config);
  layer.build([4], new Rng(1));
  return layer;
}

describe('Dense', () => {
  it('computes act(xW + b) and counts its parameters', () => {
    const layer = new Dense(denseDefaults({ name: 'd', units: 2, activation: 'relu' }));
    layer.build([3], new Rng(1));
    layer.kernel!.assign(tf.tensor2d([[1, -1], [2, 0], [0, 1]]));
    layer.bias!.assign(tf.tensor1d([0.5, -3]));
    const y = layer.apply(tf.tensor2d([[1, 1, 1]]), { training: false });
    expect(Array.from(y.dataSync())).toEqual([3.5, 0]);
    expect(layer.countParams()).toBe(8);
    layer.dispose();
  });

  itOnEachBackend('has gradients that match finite differences, with batch norm too', () => {
    for (const batchNorm of [false, true]) {
      const layer = new Dense(denseDefaults({ name: 'd', units: 3, activation: 'tanh', batchNorm }));
      layer.build([4], new Rng(2));
      const x = tf.tensor2d(new Rng(3).uniformArray(20), [5, 4]);
      const loss = (): tf.Scalar => tf.sum(tf.square(layer.apply(x, { training: true, rng: new Rng(0) })));
      for (const w of layer.weights().filter((w) => w.trainable)) {
        const { analytic, numeric } = gradientCheck(loss, w.variable);
        expectClose(analytic, numeric);
      }
      layer.dispose();
    }
  });
});

describe('DropConnectDense', () => {
  it('uses the expected weights p W at inference', () => {
    const layer = dropConnect('per-minibatch', 0.7);
    const x = tf.tensor2d(new Rng(4).uniformArray(8), [2, 4]);
    const got = layer.linear(x, { training: false }).dataSync();
    const want = tf.add(tf.matMul(x, tf.mul(layer.kernel!, 0.7)), layer.bias!).dataSync();
    expectClose(Array.from(got), Array.from(want), { abs: 1e-6, rel: 1e-6 });
    layer.dispose();
  });

  it('keeps each weight with probability p and averages to the expected weights', () => {
    const layer = dropConnect('per-minibatch', 0.7, 50);
    layer.kernel!.assign(tf.ones([4, 50]));
    layer.bias!.assign(tf.zeros([50]));
    const x = tf.tensor2d([[1, 0, 0, 0]]);
    const rng = new Rng(5);
    let kept = 0;
    let total = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      // With W = 1 and x = e1, the output is row 1 of the mask.
      const z = tf.tidy(() => layer.linear(x, { training: true, rng }).dataSync());
      for (const v of z) {
        expect(v === 0 || v === 1).toBe(true);
        kept += v;
        total += 1;
      }
    }
    expect(kept / total).toBeGreaterThan(0.68);
    expect(kept / total).toBeLessThan(0.72);
    layer.dispose();
  });

  it('draws a fresh mask per sample in per-sample mode and one per batch otherwise', () => {
    for (const mode of ['per-sample', 'per-minibatch'] as const) {
      const layer = dropConnect(mode, 0.5, 40);
      layer.kernel!.assign(tf.ones([4, 40]));
      layer.bias!.assign(tf.zeros([40]));
      const x = tf.tensor2d([[1, 0, 0, 0], [1, 0, 0, 0]]);
      const z = layer.linear(x, { training: true, rng: new Rng(6) }).arraySync() as number[][];
      const same = z[0]!.every((v, i) => v === z[1]![i]);
      expect(same).toBe(mode === 'per-minibatch');
      layer.dispose();
    }
  });

  it('per-sample mode equals masking each sample by hand', () => {
    const layer = dropConnect('per-sample', 0.6);
    const x = tf.tensor2d(new Rng(7).uniformArray(12), [3, 4]);
    const rng = new Rng(8);
    const got = layer.linear(x, { training: true, rng }).arraySync() as number[][];
    // The layer forks the generator once, then draws the masks sample by sample.
    const maskRng = new Rng(8).fork();
    const w = layer.kernel!.arraySync() as number[][];
    const b = layer.bias!.dataSync();
    const xs = x.arraySync() as number[][];
    for (let s = 0; s < 3; s++) {
      const mask = maskRng.bernoulliArray(12, 0.6);
      for (let j = 0; j < 3; j++) {
        let sum = b[j]!;
        for (let i = 0; i < 4; i++) sum += xs[s]![i]! * w[i]![j]! * mask[i * 3 + j]!;
        expect(got[s]![j]).toBeCloseTo(sum, 5);
      }
    }
    layer.dispose();
  });

  itOnEachBackend('has gradients that match finite differences in both mask modes', () => {
    for (const mode of ['per-sample', 'per-minibatch'] as const) {
      const layer = dropConnect(mode, 0.6);
      const xv = tf.variable(tf.tensor2d(new Rng(9).uniformArray(20), [5, 4]));
      // The same seed on every call: the same masks, so the loss is a deterministic function of the weights.
      const loss = (): tf.Scalar => tf.sum(tf.square(layer.apply(xv, { training: true, rng: new Rng(11) })));
      for (const v of [layer.kernel!, layer.bias!, xv]) {
        const { analytic, numeric } = gradientCheck(loss, v);
        expectClose(analytic, numeric);
      }
      xv.dispose();
      layer.dispose();
    }
  });
});

describe('perSampleDropConnect without the input gradient', () => {
  itOnEachBackend('gives the same kernel gradient and a zero input gradient', () => {
    const x = tf.tensor2d(new Rng(12).uniformArray(15), [5, 3]);
    const w = tf.tensor2d(new Rng(13).uniformArray(6, -1, 1), [3, 2]);
    const grads = (inputGradient: boolean) =>
      tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.square(perSampleDropConnect(xi as tf.Tensor2D, wi as tf.Tensor2D, 0.7, new Rng(14), inputGradient))))([x, w]);
    const [dxFull, dwFull] = grads(true);
    const [dxSkipped, dwSkipped] = grads(false);
    expect(Array.from(dwSkipped!.dataSync())).toEqual(Array.from(dwFull!.dataSync()));
    expect(Array.from(dxSkipped!.dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(dxFull!.dataSync()).some((v) => v !== 0)).toBe(true);
  });
});

describe('gaussianDropConnect (per-sample masks made fast)', () => {
  it('matches the mean and variance of exact per-sample masks, unit by unit, with finite gradients', () => {
    // The same input row 4,000 times: each copy gets its own mask (exact) or its own draw (Gaussian).
    const n = 4000;
    const inputs = 60;
    const units = 3;
    const row = new Rng(21).uniformArray(inputs);
    const x = tf.tensor2d(Float32Array.from({ length: n * inputs }, (_, t) => row[t % inputs]!), [n, inputs]);
    const w = tf.tensor2d(new Rng(22).uniformArray(inputs * units, -1, 1), [inputs, units]);
    const moments = (z: tf.Tensor2D) => {
      const m = tf.moments(z, 0);
      const out = { mean: Array.from(m.mean.dataSync()), variance: Array.from(m.variance.dataSync()) };
      tf.dispose([z, m.mean, m.variance]);
      return out;
    };
    const exact = moments(perSampleDropConnect(x, w, 0.7, new Rng(23)));
    const fast = moments(gaussianDropConnect(x, w, 0.7, new Rng(24)));
    for (let j = 0; j < units; j++) {
      // Standard errors of the two estimates: sd / sqrt(n) for the mean, about var * sqrt(2 / n) for the variance.
      const sd = Math.sqrt(exact.variance[j]!);
      expect(Math.abs(fast.mean[j]! - exact.mean[j]!)).toBeLessThan((5 * sd) / Math.sqrt(n));
      expect(Math.abs(fast.variance[j]! - exact.variance[j]!)).toBeLessThan(5 * exact.variance[j]! * Math.sqrt(2 / n));
    }
    // Moments away from the masks' own: p = 1 would give the plain product with no spread at all.
    expect(Math.min(...exact.variance)).toBeGreaterThan(0.01);
    const zeroRow = tf.zeros([2, inputs]) as tf.Tensor2D;
    const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(gaussianDropConnect(xi as tf.Tensor2D, wi as tf.Tensor2D, 0.9, new Rng(25))))([zeroRow, w]);
    expect(Array.from(dx!.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(dw!.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, w, zeroRow, dx!, dw!]);
  });
});

describe('TiedDense', () => {
  it('really shares the source kernel (transposed) and owns only its bias', () => {
    const enc = new Dense(denseDefaults({ name: 'enc', units: 3, activation: 'sigmoid' }));
    enc.build([4], new Rng(1));
    const dec = new TiedDense({ name: 'dec', tiedTo: 'enc', activation: 'identity', useBias: true });
    dec.build([3], new Rng(1), { getLayer: () => enc });
    expect(dec.outputShape).toEqual([4]);
    expect(dec.countParams()).toBe(4);
    expect(dec.source!.kernel).toBe(enc.kernel);
    const h = tf.tensor2d([[1, 2, 3]]);
    const before = dec.linear(h, { training: false }).dataSync().slice();
    enc.kernel!.assign(tf.mul(enc.kernel!, 2));
    const after = dec.linear(h, { training: false }).dataSync();
    expectClose(Array.from(after), Array.from(before).map((v) => 2 * v), { abs: 1e-5, rel: 1e-5 });
    enc.dispose();
    dec.dispose();
  });

  itOnEachBackend('has gradients that match finite differences', () => {
    const enc = new Dense(denseDefaults({ name: 'enc', units: 3, activation: 'sigmoid' }));
    enc.build([4], new Rng(1));
    const dec = new TiedDense({ name: 'dec', tiedTo: 'enc', activation: 'identity', useBias: true });
    dec.build([3], new Rng(1), { getLayer: () => enc });
    const x = tf.tensor2d([[0.1, 0.5, 0.9, 0.3]]);
    const loss = (): tf.Scalar => tf.sum(tf.square(dec.apply(enc.apply(x, { training: false }), { training: false })));
    const { analytic, numeric } = gradientCheck(loss, enc.kernel!);
    expectClose(analytic, numeric);
    enc.dispose();
    dec.dispose();
    x.dispose();
  });
});
