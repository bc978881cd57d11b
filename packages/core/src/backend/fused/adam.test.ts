import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { availableTestBackends, useBackend } from '../../node/backend/testing.js';
import { maxAbsDiff, seededValues } from '../testing/reference.js';
import { ADAM_ALL_KERNEL, adamUpdate, adamUpdateAll, adamUpdatePath, FusedAdam } from './adam.js';

const backends = await availableTestBackends();

describe.each(backends)('FusedAdam on %s', (backend) => {
  it('follows tf.train.adam step for step', async () => {
    await useBackend(backend);
    const shapes = [[6, 5], [5]];
    const make = () => shapes.map((s, i) => tf.variable(tf.tensor(seededValues(s.reduce((p, d) => p * d, 1), i + 1), s)));
    const ours = make();
    const theirs = make();
    const start = tf.memory().numTensors;
    const fused = new FusedAdam(ours, 0.01, 0.8, 0.95, 1e-6);
    // Two moment variables per variable and nothing else.
    expect(tf.memory().numTensors).toBe(start + 2 * ours.length);
    const reference = tf.train.adam(0.01, 0.8, 0.95, 1e-6);
    for (let step = 0; step < 5; step++) {
      const grads = shapes.map((s, i) => tf.tensor(seededValues(s.reduce((p, d) => p * d, 1), 100 * step + i), s));
      fused.apply(grads);
      reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
      tf.dispose(grads);
    }
    for (let i = 0; i < shapes.length; i++) expect(maxAbsDiff(await ours[i]!.data(), await theirs[i]!.data())).toBeLessThan(1e-5);
    const before = tf.memory().numTensors;
    const g = shapes.map((s) => tf.ones(s));
    fused.apply(g);
    tf.dispose(g);
    expect(tf.memory().numTensors).toBe(before);
    fused.dispose();
    reference.dispose();
    tf.dispose([...ours, ...theirs]);
  });

  it('runs the fastest path the backend has', async () => {
    await useBackend(backend);
    expect(adamUpdatePath()).toBe({ wasm: 'wasm-simd', cpu: 'js-loop' }[backend as string] ?? 'ops');
  });

  it('adamUpdateAll gives every variable its own adamUpdate, in one kernel call on WASM', async () => {
    await useBackend(backend);
    const params = { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 2 };
    const sizes = [7, 16, 3, 432];
    const [w, g, m, v] = [1, 2, 3, 4].map((seed) => sizes.map((n, i) => tf.tensor1d(seededValues(n, 10 * seed + i, seed === 4 ? 0 : -1, 1))));
    const start = tf.memory().numTensors;
    const all = adamUpdateAll(w!, g!, m!, v!, params);
    expect(tf.memory().numTensors).toBe(start + 3 * sizes.length);
    for (let i = 0; i < sizes.length; i++) {
      const one = adamUpdate(w![i]!, g![i]!, m![i]!, v![i]!, params);
      for (const k of ['w', 'm', 'v'] as const) expect(maxAbsDiff(await all[i]![k].data(), await one[k].data())).toBe(0);
      tf.dispose([one.w, one.m, one.v]);
    }
    if (backend === 'wasm') expect(tf.getKernel(ADAM_ALL_KERNEL, 'wasm')).toBeDefined();
    tf.dispose([...all.flatMap((o) => [o.w, o.m, o.v]), ...w!, ...g!, ...m!, ...v!]);
  });

  it('updates sizes that are not a multiple of the SIMD width', async () => {
    await useBackend(backend);
    const params = { learningRate: 0.05, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, step: 3 };
    const [w, g, m, v] = [1, 2, 3, 4].map((seed) => tf.tensor1d(seededValues(7, seed, seed === 4 ? 0 : -1, 1)));
    const out = adamUpdate(w!, g!, m!, v!, params);
    const [wv, gv, mv, vv] = await Promise.all([w!, g!, m!, v!].map((t) => t.data()));
    const c = Math.sqrt(1 - params.beta2 ** 3);
    const lrT = (params.learningRate * c) / (1 - params.beta1 ** 3);
    const expectedM = Array.from(mv!, (x, i) => 0.9 * x + 0.1 * gv![i]!);
    const expectedV = Array.from(vv!, (x, i) => 0.99 * x + 0.01 * gv![i]! ** 2);
    const expectedW = Array.from(wv!, (x, i) => x - (lrT * expectedM[i]!) / (Math.sqrt(expectedV[i]!) + params.epsilon * c));
    expect(maxAbsDiff(await out.m.data(), expectedM)).toBeLessThan(1e-6);
    expect(maxAbsDiff(await out.v.data(), expectedV)).toBeLessThan(1e-6);
    expect(maxAbsDiff(await out.w.data(), expectedW)).toBeLessThan(1e-6);
    tf.dispose([w!, g!, m!, v!, out.w, out.m, out.v]);
  });

  it('adamUpdate computes one step by hand', async () => {
    await useBackend(backend);
    // w=1, g=0.5, m=v=0, t=1: m=0.05, v=0.00025 (β2=0.999), step = lr·m̂/(√v̂+ε) = lr·0.5/0.5 = lr.
    const out = adamUpdate(tf.tensor1d([1]), tf.tensor1d([0.5]), tf.tensor1d([0]), tf.tensor1d([0]), { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 0, step: 1 });
    expect((await out.w.data())[0]).toBeCloseTo(0.9, 6);
    expect((await out.m.data())[0]).toBeCloseTo(0.05, 7);
    expect((await out.v.data())[0]).toBeCloseTo(0.00025, 9);
    tf.dispose([out.w, out.m, out.v]);
  });
});
