import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, referenceConv2d, referenceMatMul, seededValues } from '../../backend/testing/reference.js';
import { availableTestBackends, useBackend } from './testing.js';

/*
 * One suite, run on every backend that starts in this process (cpu and wasm everywhere; webgpu and tfjs-node
 * where present): products, convolution gradients and short trainings of a dense and a conv autoencoder.
 */

const backends = await availableTestBackends();

/** A small conv autoencoder in raw ops: conv-relu-maxpool-convT-sigmoid, as the CIFAR preset but tiny. */
function convAutoencoder(seed: number) {
  const vars = {
    w1: tf.variable(tf.tensor4d(seededValues(3 * 3 * 3 * 4, seed, -0.3, 0.3), [3, 3, 3, 4])),
    b1: tf.variable(tf.zeros([4])),
    w2: tf.variable(tf.tensor4d(seededValues(2 * 2 * 3 * 4, seed + 1, -0.3, 0.3), [2, 2, 3, 4])),
    b2: tf.variable(tf.zeros([3])),
  };
  const forward = (x: tf.Tensor4D) => {
    const h = tf.maxPool(tf.relu(tf.add(tf.conv2d(x, vars.w1, 1, 'same'), vars.b1)) as tf.Tensor4D, 2, 2, 'valid');
    const [n, hh, ww] = h.shape;
    const logits = tf.add(tf.conv2dTranspose(h, vars.w2, [n, hh * 2, ww * 2, 3], 2, 'valid'), vars.b2);
    return logits;
  };
  const loss = (x: tf.Tensor4D) => tf.losses.sigmoidCrossEntropy(x, forward(x)) as tf.Scalar;
  return { vars, loss };
}

describe.each(backends)('on %s', (backend) => {
  beforeAll(async () => {
    await useBackend(backend);
  });

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('matMul(transposeA=%s, transposeB=%s) matches a float64 reference', async (tA, tB) => {
    const [m, k, n] = [9, 17, 6];
    const aShape: [number, number] = tA ? [k, m] : [m, k];
    const bShape: [number, number] = tB ? [n, k] : [k, n];
    const a = seededValues(m * k, 1);
    const b = seededValues(k * n, 2);
    const product = tf.matMul(tf.tensor2d(a, aShape), tf.tensor2d(b, bShape), tA, tB);
    const values = await product.data();
    tf.dispose(product);
    expect(maxAbsDiff(values, referenceMatMul(a, aShape, b, bShape, tA, tB))).toBeLessThan(1e-4);
  });

  it('conv2d input and filter gradients match a float64 reference', async () => {
    const xShape: [number, number, number, number] = [2, 5, 5, 2];
    const wShape: [number, number, number, number] = [3, 3, 2, 2];
    const x = seededValues(100, 3);
    const w = seededValues(36, 4);
    const geometry = { strides: [1, 1] as [number, number], pad: [1, 1, 1, 1] as [number, number, number, number] };
    const r = seededValues(100, 5);
    // L = Σ conv(x, W)·R is bilinear: dL/dW[e] = L(x, e) and dL/dx[e] = L(e, W) for unit basis tensors e.
    const lossAt = (xv: ArrayLike<number>, wv: ArrayLike<number>) => referenceConv2d(xv, xShape, wv, wShape, geometry).values.reduce((s, v, i) => s + v * r[i]!, 0);
    const unit = (size: number, i: number) => Float64Array.from({ length: size }, (_, j) => (j === i ? 1 : 0));
    const expectedW = Float64Array.from({ length: 36 }, (_, i) => lossAt(x, unit(36, i)));
    const expectedX = Float64Array.from({ length: 100 }, (_, i) => lossAt(unit(100, i), w));
    const [gx, gw] = tf.tidy(() => {
      const rt = tf.tensor4d(r, [2, 5, 5, 2]);
      return tf.grads((xt: tf.Tensor, wt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, 1, 'same'), rt)))([tf.tensor4d(x, xShape), tf.tensor4d(w, wShape)]);
    });
    expect(maxAbsDiff(await gw!.data(), expectedW)).toBeLessThan(1e-4);
    expect(maxAbsDiff(await gx!.data(), expectedX)).toBeLessThan(1e-4);
    tf.dispose([gx!, gw!]);
  });

  it('trains a dense autoencoder (loss falls, no tensor leaks)', async () => {
    const x = tf.tensor2d(seededValues(32 * 20, 6, 0, 1), [32, 20]);
    const w1 = tf.variable(tf.tensor2d(seededValues(20 * 8, 7, -0.4, 0.4), [20, 8]));
    const w2 = tf.variable(tf.tensor2d(seededValues(8 * 20, 8, -0.4, 0.4), [8, 20]));
    const b2 = tf.variable(tf.zeros([20]));
    const optimizer = tf.train.adam(0.05);
    const step = () => optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(x, tf.add(tf.matMul(tf.sigmoid(tf.matMul(x, w1)), w2), b2)) as tf.Scalar, true)!;
    const first = step();
    const firstLoss = (await first.data())[0]!;
    first.dispose();
    const before = tf.memory().numTensors;
    let last = 0;
    for (let i = 0; i < 30; i++) {
      const l = step();
      last = (await l.data())[0]!;
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(firstLoss - 0.02);
    optimizer.dispose();
    tf.dispose([x, w1, w2, b2]);
  });

  it('trains a conv autoencoder with max-pool and transposed conv (loss falls)', async () => {
    const x = tf.tensor4d(seededValues(4 * 8 * 8 * 3, 9, 0, 1), [4, 8, 8, 3]);
    const model = convAutoencoder(10);
    const optimizer = tf.train.adam(0.05);
    const losses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const l = optimizer.minimize(() => model.loss(x), true)!;
      losses.push((await l.data())[0]!);
      l.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! - 0.01);
    optimizer.dispose();
    tf.dispose([x, ...Object.values(model.vars)]);
  });
});

describe('conv autoencoder gradients agree across backends', () => {
  it.skipIf(backends.length < 2)('every backend gives the CPU backend gradients', async () => {
    const gradientsOn = async (backend: (typeof backends)[number]) => {
      await useBackend(backend);
      const x = tf.tensor4d(seededValues(2 * 6 * 6 * 3, 20, 0, 1), [2, 6, 6, 3]);
      const model = convAutoencoder(21);
      const { grads } = tf.variableGrads(() => model.loss(x), Object.values(model.vars));
      const out: Record<string, Float32Array> = {};
      for (const [name, v] of Object.entries(model.vars)) out[name] = (await grads[v.name]!.data()) as Float32Array;
      tf.dispose([x, ...Object.values(grads), ...Object.values(model.vars)]);
      return out;
    };
    const reference = await gradientsOn('cpu');
    for (const backend of backends.filter((b) => b !== 'cpu')) {
      const grads = await gradientsOn(backend);
      for (const name of Object.keys(reference)) expect(maxAbsDiff(grads[name]!, reference[name]!), `${backend} ${name}`).toBeLessThan(1e-4);
    }
  });
});
