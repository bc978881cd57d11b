import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, gradientCheck, itOnEachBackend, uniformData, useCpu } from '../../test/helpers.js';
import { parseRunConfig } from '../config/parse.js';
import { loadModel, saveModel } from '../io/model-io.js';
import { Rng } from '../layers/random.js';
import { AutoEncoder } from './autoencoder.js';
import { buildModel } from './build.js';

beforeAll(useCpu);

function dense(model: Record<string, unknown>, inputShape = [6]): AutoEncoder {
  const config = parseRunConfig({ model: { type: 'dense', ...model } });
  const m = buildModel(config.model, inputShape, { seed: 3 });
  if (!(m instanceof AutoEncoder)) throw new Error('expected an AutoEncoder');
  return m;
}

describe('AutoEncoder', () => {
  it('builds any number of layers with a readable code layer', () => {
    const ae = dense({ layers: [{ units: 5 }, { units: 4 }, { units: 2, activation: 'identity' }, { units: 4 }, { units: 5 }] }, [3, 2]);
    expect(ae.codeLayer).toBe(2);
    expect(ae.codeShape).toEqual([2]);
    const x = tf.tensor(uniformData(3, 6), [3, 3, 2]);
    expect(ae.encode(x).shape).toEqual([3, 2]);
    expect(ae.reconstruct(x).shape).toEqual([3, 3, 2]);
    expect(ae.decode(ae.encode(x)).shape).toEqual([3, 3, 2]);
    const s = ae.summary();
    expect(s.layers.map((l) => l.outputShape[0])).toEqual([5, 4, 2, 4, 5, 6]);
    expect(s.totalParams).toBe(6 * 5 + 5 + 5 * 4 + 4 + 4 * 2 + 2 + 2 * 4 + 4 + 4 * 5 + 5 + 5 * 6 + 6);
    ae.dispose();
  });

  it('ties decoder weights to the transposed encoder weights (one shared variable)', () => {
    const ae = dense({ layers: [{ units: 4 }, { units: 2 }, { units: 4 }], tiedWeights: true });
    const s = ae.summary();
    expect(s.layers.map((l) => l.className)).toEqual(['Dense', 'Dense', 'TiedDense', 'TiedDense']);
    // Kernels 6x4 and 4x2 once; biases 4 + 2 + 4 + 6.
    expect(s.totalParams).toBe(24 + 8 + 4 + 2 + 4 + 6);
    const kernels = ae.weights().filter((w) => w.regularize);
    expect(kernels.map((w) => w.name)).toEqual(['hidden_1/kernel', 'hidden_2/kernel']);
    ae.dispose();
  });

  itOnEachBackend('has total-loss gradients (with penalties and dropConnect) that match finite differences', () => {
    // per-sample DropConnect on the first layer also checks that skipping the input's gradient there is right.
    for (const maskMode of ['per-minibatch', 'per-sample'] as const) {
      const ae = dense({
        layers: [{ units: 4, dropConnect: { keepProbability: 0.8, maskMode } }, { units: 3, activation: 'tanh' }, { units: 4, batchNorm: true }],
        regularization: { l1Weights: 1e-3, l2Weights: 1e-2, l2Activity: 1e-2, l1Activity: 1e-3 },
        corruption: { type: 'masking', fraction: 0.3 },
      });
      const x = tf.tensor2d(uniformData(5, 6), [5, 6]);
      for (const loss of ['mse', 'bce', 'kl'] as const) {
        const f = (): tf.Scalar => ae.lossTerms({ x }, { training: true, rng: new Rng(4) }, loss).total;
        for (const v of ae.trainableVariables().slice(0, 4)) {
          const { analytic, numeric } = gradientCheck(f, v, { entries: 4 });
          expectClose(analytic, numeric, { abs: 3e-3, rel: 3e-2 });
        }
      }
      ae.dispose();
    }
  });

  it('reports the loss terms it adds', () => {
    const ae = dense({ layers: [{ units: 3 }], regularization: { l2Weights: 0.1, sparsity: { rho: 0.1, beta: 2 } } });
    const r = ae.lossTerms({ x: tf.tensor2d(uniformData(4, 6), [4, 6]) }, { training: false }, 'mse');
    expect(Object.keys(r.terms)).toEqual(['reconstruction', 'l2Weights', 'sparsity']);
    const sum = Object.values(r.terms).reduce((a, t) => a + t.dataSync()[0]!, 0);
    expect(r.total.dataSync()[0]).toBeCloseTo(sum, 5);
    ae.dispose();
  });

  it('saves and loads config + weights with identical outputs', () => {
    const ae = dense({
      layers: [{ units: 5, batchNorm: true }, { units: 2, dropConnect: { keepProbability: 0.9, maskMode: 'per-sample' } }, { units: 5 }],
      tiedWeights: true,
      outputActivation: 'sigmoid',
    });
    // Move the batch-norm statistics off their initial values.
    ae.lossTerms({ x: tf.tensor2d(uniformData(8, 6), [8, 6]) }, { training: true, rng: new Rng(1) }, 'mse');
    const artifacts = saveModel(ae);
    const json = JSON.parse(JSON.stringify(artifacts.json));
    const copy = loadModel({ json, weightData: artifacts.weightData.slice(0) });
    const x = tf.tensor2d(uniformData(4, 6, 9), [4, 6]);
    expect(Array.from(copy.reconstruct(x).dataSync())).toEqual(Array.from(ae.reconstruct(x).dataSync()));
    expect(copy.summary()).toEqual(ae.summary());
    ae.dispose();
    copy.dispose();
  });

  it('rejects weights of the wrong shape', () => {
    const ae = dense({ layers: [{ units: 3 }] });
    const { json, weightData } = saveModel(ae);
    const bad = structuredClone(json);
    bad.weights[0]!.shape = [3, 6];
    expect(() => loadModel({ json: bad, weightData })).toThrow(/shape/);
    expect(() => loadModel({ json: { format: 'x' }, weightData })).toThrow(/not an aelab model/);
    ae.dispose();
  });
});
