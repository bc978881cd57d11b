// The training loop and the custom layers on every backend this process can start (cpu and wasm at least):
// same masks and noise everywhere (drawn in JS), so the numbers agree across backends up to float rounding.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from '../config/parse.js';
import type { RunConfigInput } from '../config/run.js';
import { fixtureConfigs } from '../fixtures/configs.js';
import { tinyImages } from '../fixtures/data.js';
import { buildModel } from '../models/build.js';
import type { TrainData } from '../training/data.js';
import { train } from '../training/train.js';
import { Rng } from '../layers/random.js';
import { availableTestBackends, useBackend } from './backend/testing.js';

const backends = await availableTestBackends();
afterAll(() => tf.setBackend('cpu'));

const data: TrainData = { features: new Rng(1).uniformArray(64 * 12), shape: [12], count: 64 };

async function run(config: RunConfigInput, trainData: TrainData): Promise<{ losses: number[]; tensorsPerEpoch: number[] }> {
  const c = parseRunConfig(config);
  const model = buildModel(c.model, c.model.type === 'conv' ? trainData.shape : [trainData.shape.reduce((a, b) => a * b, 1)], { seed: 2 });
  const tensorsPerEpoch: number[] = [];
  const r = await train(model as never, trainData, { training: c.training, seed: 2, onEvent: (e) => void (e.type === 'epoch' && tensorsPerEpoch.push(tf.memory().numTensors)) });
  model.dispose();
  return { losses: r.history.map((h) => h.loss), tensorsPerEpoch };
}

const dense: RunConfigInput = {
  model: {
    type: 'dense',
    layers: [{ units: 8, dropConnect: { keepProbability: 0.8, maskMode: 'per-sample' }, batchNorm: true }, { units: 3 }, { units: 8 }],
    tiedWeights: true,
    corruption: { type: 'gaussian', sigma: 0.1 },
    regularization: { l2Weights: 1e-3, sparsity: { rho: 0.1, beta: 0.5 } },
  },
  training: { epochs: 3, batchSize: 16, learningRate: 0.01, loss: 'bce', validationFraction: 0 },
};

const conv: RunConfigInput = { ...fixtureConfigs.tinyConv, training: { ...fixtureConfigs.tinyConv.training, batchSize: 8 } };

describe.each(backends)('training on %s', (backend) => {
  it('is deterministic, leak-free and agrees with the cpu backend (dense, tied, per-sample DropConnect, batch norm)', async () => {
    await useBackend('cpu');
    const reference = await run(dense, data);
    await useBackend(backend);
    const a = await run(dense, data);
    const b = await run(dense, data);
    expect(a.losses).toEqual(b.losses);
    expect(new Set(a.tensorsPerEpoch).size).toBe(1);
    a.losses.forEach((l, i) => expect(l).toBeCloseTo(reference.losses[i]!, 3));
  });

  it('trains the conv autoencoder', async () => {
    await useBackend(backend);
    const images = tinyImages({ channels: 3, count: 16 });
    const r = await run(conv, images);
    expect(r.losses).toHaveLength(2);
    expect(r.losses.every(Number.isFinite)).toBe(true);
  });
});
