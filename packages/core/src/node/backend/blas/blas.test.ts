// The blas backend against wasm (the backend it speeds up) and float64 references, with the real addon.
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, referenceBatchMatMul, referenceMatMul, seededValues, TRANSPOSE_PAIRS } from '../../../backend/testing/reference.js';
import { parseRunConfig } from '../../../config/parse.js';
import type { RunConfigInput } from '../../../config/run.js';
import { fixtureConfigs } from '../../../fixtures/configs.js';
import { tinyImages } from '../../../fixtures/data.js';
import { Rng } from '../../../layers/random.js';
import type { AutoEncoder } from '../../../models/autoencoder.js';
import { buildModel } from '../../../models/build.js';
import type { TrainData } from '../../../training/data.js';
import { train } from '../../../training/train.js';
import { listBackends, selectBackend } from '../select.js';
import { blasAddonPath } from './addon.js';

// CI builds the addon and sets AELAB_REQUIRE_NATIVE=1, so there a missing build fails instead of skipping.
const built = existsSync(blasAddonPath());
if (process.env.AELAB_REQUIRE_NATIVE === '1' && !built) throw new Error(`AELAB_REQUIRE_NATIVE=1 but ${blasAddonPath()} is not built`);

afterAll(() => tf.setBackend('cpu'));

describe('the blas backend in the list', () => {
  it('is listed, with a reason exactly when it cannot start', async () => {
    const report = await listBackends();
    const blas = report.backends.find((b) => b.backend === 'blas');
    expect(blas).toBeDefined();
    expect(blas!.available).toBe(built);
    if (built) expect(report.auto.backend).toBe('blas');
    else expect(blas!.reason).toContain('build-native');
  });
});

describe.skipIf(!built)('blas products', () => {
  beforeAll(async () => {
    await selectBackend('blas');
  });

  // [outerA, outerB, m, k, n]: plain, batched, broadcast either side, and the degenerate sizes.
  const cases: [number[], number[], number, number, number][] = [
    [[], [], 5, 7, 3],
    [[], [], 64, 33, 100],
    [[3], [3], 20, 30, 10],
    [[1], [3], 8, 9, 10],
    [[2, 3], [], 6, 5, 4],
    [[], [], 1, 1, 1],
  ];

  for (const [outerA, outerB, m, k, n] of cases) {
    for (const [tA, tB] of TRANSPOSE_PAIRS) {
      it(`[${outerA}]x[${outerB}] m=${m} k=${k} n=${n} transposeA=${tA} transposeB=${tB} equals the float64 product and leaves its inputs alone`, () => {
        const aShape = [...outerA, ...(tA ? [k, m] : [m, k])];
        const bShape = [...outerB, ...(tB ? [n, k] : [k, n])];
        const aValues = seededValues(aShape.reduce((p, d) => p * d, 1), m + k);
        const bValues = seededValues(bShape.reduce((p, d) => p * d, 1), n + k);
        const a = tf.tensor(aValues, aShape);
        const b = tf.tensor(bValues, bShape);
        const before = tf.engine().backend.numDataIds();
        const r = tf.matMul(a, b, tA, tB);
        expect(tf.engine().backend.numDataIds()).toBe(before + 1);
        const expected = referenceBatchMatMul(aValues, aShape, bValues, bShape, tA, tB);
        expect(r.shape.slice(-2)).toEqual([m, n]);
        expect(maxAbsDiff(r.dataSync(), expected)).toBeLessThan(1e-5 * Math.sqrt(k));
        expect(Array.from(a.dataSync())).toEqual(Array.from(aValues));
        expect(Array.from(b.dataSync())).toEqual(Array.from(bValues));
        tf.dispose([a, b, r]);
      });
    }
  }

  const activations: [string, (v: number) => number][] = [
    ['linear', (v) => v],
    ['relu', (v) => Math.max(0, v)],
    ['sigmoid', (v) => 1 / (1 + Math.exp(-v))],
    ['relu6', (v) => Math.min(6, Math.max(0, v))],
    ['elu', (v) => (v > 0 ? v : Math.expm1(v))],
    ['leakyrelu', (v) => (v > 0 ? v : 0.1 * v)],
  ];
  for (const [activation, f] of activations) {
    it(`fuses bias and ${activation} (transposed operands, batched)`, () => {
      const a = seededValues(2 * 6 * 5, 1);
      const b = seededValues(2 * 4 * 6, 2);
      const bias = seededValues(4, 3).map((v) => 3 * v);
      const got = tf.tidy(() =>
        tf.fused
          .matMul({ a: tf.tensor3d(a, [2, 6, 5]), b: tf.tensor3d(b, [2, 4, 6]), transposeA: true, transposeB: true, bias: tf.tensor1d(bias), activation: activation as tf.fused.Activation, leakyreluAlpha: 0.1 })
          .dataSync(),
      );
      const expected = new Float64Array(2 * 5 * 4);
      for (let i = 0; i < 2; i++) expected.set(referenceMatMul(a.subarray(i * 30, i * 30 + 30), [6, 5], b.subarray(i * 24, i * 24 + 24), [4, 6], true, true).map((v, j) => f(v + bias[j % 4]!)), i * 20);
      expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
    });
  }

  it('gives prelu to the WASM kernel, with the same result', () => {
    const a = tf.tensor2d(seededValues(12, 1), [3, 4]);
    const b = tf.tensor2d(seededValues(8, 2), [4, 2]);
    const bias = tf.tensor1d(seededValues(2, 3));
    const alpha = tf.tensor1d([0.2, 0.3]);
    const got = tf.tidy(() => tf.fused.matMul({ a, b, bias, activation: 'prelu', preluActivationWeights: alpha }).dataSync());
    const product = referenceMatMul(a.dataSync(), [3, 4], b.dataSync(), [4, 2], false, false).map((v, i) => v + bias.dataSync()[i % 2]!);
    expect(maxAbsDiff(got, product.map((v, i) => (v > 0 ? v : [0.2, 0.3][i % 2]! * v)))).toBeLessThan(1e-5);
    tf.dispose([a, b, bias, alpha]);
  });
});

const data: TrainData = { features: new Rng(1).uniformArray(40 * 12), shape: [12], count: 40 };

/** Five steps (batch 8) from the same initial weights; the final weights and the per-step losses. */
async function fiveSteps(backend: 'blas' | 'wasm', config: RunConfigInput, trainData: TrainData): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await selectBackend(backend);
  const c = parseRunConfig(config);
  const model = buildModel(c.model, c.model.type === 'conv' ? trainData.shape : [trainData.shape.reduce((p, d) => p * d, 1)], { seed: 2 }) as unknown as Pick<AutoEncoder, 'trainableVariables' | 'dispose'>;
  const losses: number[] = [];
  await train(model as never, { ...trainData, count: 40 }, { training: { ...c.training, epochs: 1, batchSize: 8, shuffle: false, validationFraction: 0 }, seed: 2, onEvent: (e) => void (e.type === 'step' && losses.push(e.loss)) });
  const weights = model.trainableVariables().map((v) => v.dataSync().slice() as Float32Array);
  model.dispose();
  return { losses, weights };
}

const models: [string, RunConfigInput, () => TrainData][] = [
  ['dense', { model: { type: 'dense', layers: [{ units: 16 }, { units: 4 }, { units: 16 }], outputActivation: 'sigmoid' }, training: { learningRate: 0.01, loss: 'bce' } }, () => data],
  ['tied', { model: { type: 'dense', layers: [{ units: 10 }, { units: 3 }, { units: 10 }], tiedWeights: true }, training: { learningRate: 0.01, loss: 'mse' } }, () => data],
  [
    'DropConnect',
    { model: { type: 'dense', layers: [{ units: 8, dropConnect: { keepProbability: 0.8, maskMode: 'per-sample' } }, { units: 8, dropConnect: { keepProbability: 0.7, maskMode: 'per-minibatch' } }] }, training: { learningRate: 0.01, loss: 'bce' } },
    () => data,
  ],
  ['conv', fixtureConfigs.tinyConv, () => tinyImages({ channels: 3, count: 40 })],
];

describe.skipIf(!built)('training on blas', () => {
  for (const [name, config, makeData] of models) {
    it(`five steps of the ${name} model agree with wasm within 1e-5`, async () => {
      const trainData = makeData();
      const wasm = await fiveSteps('wasm', config, trainData);
      const blas = await fiveSteps('blas', config, trainData);
      expect(blas.losses).toHaveLength(5);
      expect(maxAbsDiff(blas.losses, wasm.losses)).toBeLessThan(1e-5);
      expect(blas.weights.length).toBe(wasm.weights.length);
      blas.weights.forEach((w, i) => expect(maxAbsDiff(w, wasm.weights[i]!)).toBeLessThan(1e-5));
    });
  }

  it('keeps tensors, tf.js data and the WASM heap flat across epochs', async () => {
    await selectBackend('blas');
    const c = parseRunConfig({ model: { type: 'dense', layers: [{ units: 32 }, { units: 8 }, { units: 32 }], tiedWeights: true }, training: { epochs: 4, batchSize: 8, loss: 'bce', validationFraction: 0 } });
    const model = buildModel(c.model, [12], { seed: 3 });
    const heap = () => ((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length);
    const perEpoch: [number, number, number][] = [];
    await train(model as never, data, { training: c.training, seed: 3, onEvent: (e) => void (e.type === 'epoch' && perEpoch.push([tf.memory().numTensors, tf.engine().backend.numDataIds(), heap()])) });
    model.dispose();
    expect(perEpoch).toHaveLength(4);
    // The first epoch may grow the heap once; after it nothing grows.
    for (const epoch of perEpoch.slice(1)) expect(epoch).toEqual(perEpoch[1]);
    expect(perEpoch[0]!.slice(0, 2)).toEqual(perEpoch[1]!.slice(0, 2));
  });
});

// The finite-difference checks run on blas too, as the original suites (layers/dense.test.ts, layers/conv.test.ts,
// models/autoencoder.test.ts) on every backend of test/helpers.ts's testBackends().
