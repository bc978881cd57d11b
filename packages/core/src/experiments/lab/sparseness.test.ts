import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { activityPenalty, weightPenalty } from '../../losses/regularizers.js';
import { AutoEncoder, denseAutoEncoderConfig } from '../../models/autoencoder.js';
import { resolveLabRecipe, labOptionsSchema } from './definition.js';
import { singleModelConfig } from './single.js';
import { codeSparseness } from './sparseness.js';

describe('codeSparseness', () => {
  it('counts quiet activations, exact zeros and units quiet for every digit', () => {
    // 2 digits x 4 units: unit 3 is never above 0.05; 5 of 8 values are below 0.05, 3 exactly 0.
    const codes = Float32Array.from([0, 0.5, 0.04, 0, 0.9, 0, 0.2, 0.02]);
    const s = codeSparseness(codes, 2, 4, 0.05);
    expect(s.sparseness).toBeCloseTo(5 / 8);
    expect(s.exactZeros).toBeCloseTo(3 / 8);
    expect(s.deadUnits).toBeCloseTo(1 / 4);
    expect(s.meanActivation).toBeCloseTo(1.66 / 8);
    expect(s.byThreshold['0.01']).toBeCloseTo(3 / 8);
    expect(s.byThreshold['0.1']).toBeCloseTo(5 / 8);
  });

  it('never calls sigmoid codes exactly zero', () => {
    const s = codeSparseness(Float32Array.from([0.001, 0.002, 0.6, 0.03]), 1, 4, 0.05);
    expect(s.exactZeros).toBe(0);
    expect(s.sparseness).toBeCloseTo(0.75);
  });
});

describe('the two penalty forms', () => {
  const recipe = resolveLabRecipe(labOptionsSchema.parse({}));

  it('activity: λ Σ_units |h| (or h²) per digit, averaged over the batch', () => {
    const code = tf.tensor2d([
      [1, -2, 0],
      [0.5, 0, 3],
    ]);
    const { l1, l2 } = activityPenalty(code, 0.1, 0.01);
    expect(l1!.dataSync()[0]).toBeCloseTo((0.1 * (3 + 3.5)) / 2, 6);
    expect(l2!.dataSync()[0]).toBeCloseTo((0.01 * (5 + 9.25)) / 2, 6);
    tf.dispose([code, l1!, l2!]);
  });

  it('weights: λ Σ |W| (or W²) over every kernel, whatever the batch', () => {
    const a = tf.tensor2d([[1, -2]]);
    const b = tf.tensor2d([[0.5], [-0.5]]);
    const { l1, l2 } = weightPenalty([a, b], 0.1, 0.01);
    expect(l1!.dataSync()[0]).toBeCloseTo(0.1 * 4, 6);
    expect(l2!.dataSync()[0]).toBeCloseTo(0.01 * 5.5, 6);
    tf.dispose([a, b, l1!, l2!]);
  });

  it('a lab model puts an activity penalty on its codes and a weight penalty on its kernels', () => {
    const x = tf.tensor2d(Float32Array.from({ length: 3 * 16 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0), [3, 16]);
    for (const form of ['activity', 'weights'] as const) {
      const config = singleModelConfig({ units: 5, activation: 'relu', penalty: { form, norm: 'L1', lambda: 1e-3 } }, { ...recipe, over: { ...recipe.over, activityBatchSum: false } });
      const model = new AutoEncoder(denseAutoEncoderConfig(config, [16]), { seed: 3 });
      const terms = tf.tidy(() => {
        const t = model.lossTerms({ x }, { training: false }, 'mse').terms;
        return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.dataSync()[0]!]));
      });
      if (form === 'activity') {
        const codes = tf.tidy(() => model.encode(x).arraySync() as number[][]);
        const expected = (1e-3 * codes.reduce((s, row) => s + row.reduce((a, v) => a + Math.abs(v), 0), 0)) / 3;
        expect(Object.keys(terms).sort()).toEqual(['l1Activity', 'reconstruction']);
        expect(terms.l1Activity).toBeCloseTo(expected, 7);
      } else {
        const kernels = model.weights().filter((w) => w.regularize);
        expect(kernels).toHaveLength(2);
        const expected = 1e-3 * kernels.reduce((s, w) => s + (w.variable.dataSync() as Float32Array).reduce((a, v) => a + Math.abs(v), 0), 0);
        expect(Object.keys(terms).sort()).toEqual(['l1Weights', 'reconstruction']);
        expect(terms.l1Weights).toBeCloseTo(expected, 6);
      }
      model.dispose();
    }
    x.dispose();
  });

  it("sums the activity penalty over the batch's digits as standalone Keras 2 did (λ × batch size on the per-digit mean)", () => {
    const spec = { units: 5, activation: 'relu' as const, penalty: { form: 'activity' as const, norm: 'L2' as const, lambda: 1e-5 } };
    expect(singleModelConfig(spec, recipe).regularization.l2Activity).toBeCloseTo(1e-5 * recipe.sgd.batchSize, 12);
    expect(singleModelConfig({ ...spec, penalty: { ...spec.penalty, form: 'weights' } }, recipe).regularization.l2Weights).toBe(1e-5);
  });
});
