import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { twoClusters, useCpu } from '../../test/helpers.js';
import { parseRunConfig } from '../config/parse.js';
import type { RunConfigInput } from '../config/run.js';
import { loadModel, saveModel } from '../io/model-io.js';
import type { AutoEncoder } from '../models/autoencoder.js';
import { buildModel } from '../models/build.js';
import { takeSamples, validationSplitIndices, type TrainData } from '../training/data.js';
import type { TrainEvent } from '../training/events.js';
import { train } from '../training/train.js';
import { liteTrainerOptions } from './config.js';
import { liteModelArtifacts, loadLiteParams } from './model-artifacts.js';
import { LiteTrainer, type LiteDataset } from './trainer.js';

beforeAll(useCpu);

const data = twoClusters(90, 8, 4);

function runConfig(overrides: { training?: RunConfigInput['training']; layers?: object[]; outputActivation?: string } = {}) {
  return parseRunConfig({
    seed: 11,
    model: {
      type: 'dense',
      layers: overrides.layers ?? [{ units: 6, activation: 'tanh' }, { units: 2, activation: 'identity' }, { units: 6, activation: 'tanh' }],
      outputActivation: overrides.outputActivation ?? 'sigmoid',
    },
    training: { epochs: 1, batchSize: 16, learningRate: 0.02, validationFraction: 0.2, ...overrides.training },
  } as RunConfigInput);
}

const asLite = (d: TrainData): LiteDataset => ({ x: d.features, count: d.count, dim: d.shape[0]! });

/** Both engines on one config: the tfjs model and trainer, and the lite trainer on the same split. */
async function bothEngines(config: ReturnType<typeof runConfig>) {
  const model = buildModel(config.model, [8], { seed: config.seed }) as AutoEncoder;
  const initial = saveModel(model);
  const split = validationSplitIndices(data.count, config.training.validationFraction, config.seed);
  const lite = new LiteTrainer(liteTrainerOptions(config, 8), asLite(takeSamples(data, split.train)), asLite(takeSamples(data, split.validation)));
  const liteInitial = liteModelArtifacts(lite.net, lite.codeLayer);
  const liteEvents: TrainEvent[] = [];
  lite.onEvent = (e) => void liteEvents.push(e);
  const tfEvents: TrainEvent[] = [];
  const result = await train(model, data, { training: config.training, seed: config.seed, onEvent: (e) => void (e.type !== 'step' && tfEvents.push(e)) });
  lite.run(Number.MAX_SAFE_INTEGER);
  return { model, initial, liteInitial, lite, result, tfEvents, liteEvents };
}

describe('the tfjs and lite trainers keep one contract', () => {
  for (const optimizer of [{ type: 'sgd' }, { type: 'momentum', momentum: 0.8 }, { type: 'rmsprop' }, { type: 'adam' }] as const) {
    it(`start from the same weights and give the same first epoch with ${optimizer.type}`, async () => {
      const { model, initial, liteInitial, lite, result } = await bothEngines(runConfig({ training: { optimizer } }));
      // The same saved model, byte for byte: config, weight names and initial values.
      expect(liteInitial.json).toEqual(initial.json);
      expect(new Uint8Array(liteInitial.weightData)).toEqual(new Uint8Array(initial.weightData));
      const [tfEpoch] = result.history;
      const [liteEpoch] = lite.history;
      expect(lite.steps).toBe(result.steps);
      expect(Math.abs(liteEpoch!.loss - tfEpoch!.loss)).toBeLessThan(1e-5);
      expect(Math.abs(liteEpoch!.valLoss! - tfEpoch!.valLoss!)).toBeLessThan(1e-5);
      expect(Object.keys(liteEpoch!.terms)).toEqual(Object.keys(tfEpoch!.terms));
      expect(Object.keys(liteEpoch!.metrics)).toEqual(Object.keys(tfEpoch!.metrics));
      model.dispose();
    });
  }

  it('agree with other initialisers and activations, and without shuffling', async () => {
    const layers = [
      { units: 7, activation: 'relu', initializer: { type: 'heNormal' } },
      { units: 3, activation: 'identity', initializer: { type: 'glorotNormal' } },
      { units: 7, activation: 'leakyRelu', initializer: { type: 'gaussian', std: 0.3 } },
    ];
    for (const shuffle of [true, false]) {
      const { model, initial, liteInitial, lite, result } = await bothEngines(runConfig({ layers, outputActivation: 'identity', training: { shuffle, epochs: 2 } }));
      expect(new Uint8Array(liteInitial.weightData)).toEqual(new Uint8Array(initial.weightData));
      result.history.forEach((h, i) => expect(Math.abs(lite.history[i]!.loss - h.loss)).toBeLessThan(1e-5));
      model.dispose();
    }
  });

  it('emit the same events and stop for the same reason', async () => {
    const config = runConfig({ training: { epochs: 40, convergenceEpsilon: 1e-4 } });
    const { model, lite, result, tfEvents, liteEvents } = await bothEngines(config);
    expect(result.reason).toBe('converged');
    expect(lite.stopReason).toBe(result.reason);
    expect(liteEvents.map((e) => `${e.type}@${e.epoch}`)).toEqual(tfEvents.map((e) => `${e.type}@${e.epoch}`));
    const shape = (e: TrainEvent) => Object.keys(e).sort();
    liteEvents.forEach((e, i) => expect(shape(e)).toEqual(shape(tfEvents[i]!)));
    const end = liteEvents.at(-1)!;
    if (end.type !== 'end' || tfEvents.at(-1)!.type !== 'end') throw new Error('no end event');
    expect(end.epoch).toBe(result.epochs);
    model.dispose();
  });

  it('save a lite model that loadModel rebuilds with the same outputs', () => {
    const config = runConfig();
    const lite = new LiteTrainer(liteTrainerOptions(config, 8), asLite(data));
    lite.run(20);
    const before = tf.memory().numTensors;
    const loaded = loadModel(liteModelArtifacts(lite.net, lite.codeLayer));
    const want = lite.reconstruct(asLite(data));
    const got = tf.tidy(() => loaded.reconstruct(tf.tensor2d(data.features, [data.count, 8])).dataSync());
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('load a tfjs-trained model into a lite net, and refuse one that does not fit', async () => {
    const config = runConfig({ training: { epochs: 3 } });
    const model = buildModel(config.model, [8], { seed: config.seed }) as AutoEncoder;
    await train(model, data, { training: config.training, seed: config.seed });
    const lite = new LiteTrainer(liteTrainerOptions(config, 8), asLite(data));
    loadLiteParams(lite.net, saveModel(model));
    const want = tf.tidy(() => model.reconstruct(tf.tensor2d(data.features, [data.count, 8])).dataSync());
    lite.reconstruct(asLite(data)).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
    const wider = new LiteTrainer(liteTrainerOptions(runConfig({ layers: [{ units: 5 }, { units: 2 }, { units: 6 }] }), 8), asLite(data));
    expect(() => loadLiteParams(wider.net, saveModel(model))).toThrow(expect.objectContaining({ code: 'MODEL_FORMAT' }));
    model.dispose();
  });
});
