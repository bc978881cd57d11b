import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../test/helpers.js';
import { optimizerSchema } from '../config/training.js';
import { createOptimizer } from './optimizers.js';

beforeAll(useCpu);

/** Two steps on w = [1, -2] with gradients g1 = [0.5, 1], g2 = [0.1, -0.3]; returns w after each. */
function twoSteps(config: unknown, lr: number): number[][] {
  const opt = createOptimizer(optimizerSchema.parse(config), lr);
  const w = tf.variable(tf.tensor1d([1, -2]));
  const out: number[][] = [];
  for (const g of [
    [0.5, 1],
    [0.1, -0.3],
  ]) {
    const grad = tf.tensor1d(g);
    opt.applyGradients([w], [grad]);
    grad.dispose();
    out.push(Array.from(w.dataSync()));
  }
  opt.dispose();
  w.dispose();
  return out;
}

const close = (a: number[][], b: number[][]): void => a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i]![j]!, 5)));

describe('optimizers', () => {
  it('sgd: w -= lr g', () => {
    close(twoSteps({ type: 'sgd' }, 0.1), [
      [0.95, -2.1],
      [0.94, -2.07],
    ]);
  });

  it('momentum: v = m v + g; w -= lr v', () => {
    // v1 = g1; v2 = 0.9 g1 + g2 = [0.55, 0.6]
    close(twoSteps({ type: 'momentum', momentum: 0.9 }, 0.1), [
      [0.95, -2.1],
      [0.895, -2.16],
    ]);
  });

  it('rmsprop: s = d s + (1 - d) g^2; w -= lr g / (sqrt(s) + eps)', () => {
    const d = 0.9;
    const eps = 1e-7;
    const s1 = [0.5, 1].map((g) => (1 - d) * g * g);
    const w1 = [1 - (0.01 * 0.5) / (Math.sqrt(s1[0]!) + eps), -2 - (0.01 * 1) / (Math.sqrt(s1[1]!) + eps)];
    const s2 = [0.1, -0.3].map((g, i) => d * s1[i]! + (1 - d) * g * g);
    const w2 = [w1[0]! - (0.01 * 0.1) / (Math.sqrt(s2[0]!) + eps), w1[1]! + (0.01 * 0.3) / (Math.sqrt(s2[1]!) + eps)];
    close(twoSteps({ type: 'rmsprop', decay: d, epsilon: eps }, 0.01), [w1, w2]);
  });

  it('adam: bias-corrected moments', () => {
    const [b1, b2, eps, lr] = [0.9, 0.999, 1e-7, 0.01];
    let m = [0, 0];
    let v = [0, 0];
    let w = [1, -2];
    const want: number[][] = [];
    [
      [0.5, 1],
      [0.1, -0.3],
    ].forEach((g, k) => {
      const t = k + 1;
      m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
      v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
      w = w.map((wi, i) => wi - (lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps));
      want.push([...w]);
    });
    close(twoSteps({ type: 'adam' }, lr), want);
  });

  it('saves and restores its state', () => {
    const cfg = optimizerSchema.parse({ type: 'adam' });
    const a = createOptimizer(cfg, 0.01);
    const w = tf.variable(tf.tensor1d([1, 2]));
    a.applyGradients([w], [tf.tensor1d([0.3, -0.1])]);
    const state = a.getState();
    const b = createOptimizer(cfg, 0.01);
    b.setState(state);
    expect(b.iterations).toBe(1);
    const w2 = tf.variable(w.clone());
    a.applyGradients([w], [tf.tensor1d([0.2, 0.2])]);
    b.applyGradients([w2], [tf.tensor1d([0.2, 0.2])]);
    expect(Array.from(w2.dataSync())).toEqual(Array.from(w.dataSync()));
    expect(() => b.setState([{ name: 'velocity/0', shape: [2], values: new Float32Array(2) }])).toThrow(/does not belong/);
    a.dispose();
    b.dispose();
  });
});
