import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { twoClusters, uniformData, useCpu, withoutSyncReads } from '../../test/helpers.js';
import { parseRunConfig } from '../config/parse.js';
import type { RunConfigInput } from '../config/run.js';
import type { AutoEncoder } from '../models/autoencoder.js';
import { buildModel } from '../models/build.js';
import type { TrainData } from './data.js';
import type { EpochEvent, TrainEvent } from './events.js';
import { train, type TrainCheckpoint } from './train.js';

beforeAll(useCpu);

const data: TrainData = { features: uniformData(96, 8), shape: [8], count: 96 };

function setup(overrides: RunConfigInput = {}): { model: AutoEncoder; config: ReturnType<typeof parseRunConfig> } {
  const config = parseRunConfig({
    seed: 5,
    model: {
      type: 'dense',
      layers: [{ units: 6, dropConnect: { keepProbability: 0.8 } }, { units: 3 }, { units: 6 }],
      corruption: { type: 'gaussian', sigma: 0.1 },
    },
    training: { epochs: 4, batchSize: 16, learningRate: 0.01, loss: 'bce' },
    ...overrides,
  });
  return { model: buildModel(config.model, [8], { seed: config.seed }) as AutoEncoder, config };
}

describe('train', () => {
  it('reduces the loss and reports steps, epochs and the end', async () => {
    const { model, config } = setup({ training: { epochs: 15, batchSize: 16, learningRate: 0.05, loss: 'mse', validationFraction: 0.25 } });
    const clusters = twoClusters(80, 8);
    const events: TrainEvent[] = [];
    const r = await train(model, clusters, { training: config.training, seed: 1, onEvent: (e) => void events.push(e) });
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(events[0]!.type).toBe('start');
    expect(events[events.length - 1]).toMatchObject({ type: 'end', reason: 'completed', epoch: 15 });
    expect(events.filter((e) => e.type === 'step')).toHaveLength(15 * 4);
    expect(epochs).toHaveLength(15);
    expect(epochs[14]!.loss).toBeLessThan(epochs[0]!.loss);
    expect(epochs[0]!.valLoss).toBeTypeOf('number');
    expect(epochs[0]!.metrics.rmse).toBeCloseTo(Math.sqrt(epochs[0]!.terms.reconstruction!), 6);
    expect(r.history).toHaveLength(15);
    model.dispose();
  });

  it('gives the same numbers for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      const { model, config } = setup();
      const r = await train(model, data, { training: config.training, seed: 9 });
      const w = Array.from(model.getWeights()[0]!.values);
      model.dispose();
      return [...r.history.map((h) => h.loss), ...w];
    };
    expect(await run()).toEqual(await run());
  });

  it('keeps the number of live tensors flat across epochs', async () => {
    const { model, config } = setup({
      model: { type: 'dense', layers: [{ units: 5, batchNorm: true, dropConnect: { maskMode: 'per-sample' } }, { units: 3 }], regularization: { l1Weights: 1e-4, sparsity: {} }, corruption: { type: 'masking' } },
      training: { epochs: 5, batchSize: 16, snapshotEvery: 3 },
    });
    const counts: number[] = [];
    const before = tf.memory().numTensors;
    await train(model, data, { training: config.training, onEvent: (e) => void (e.type === 'epoch' && counts.push(tf.memory().numTensors)) });
    expect(new Set(counts).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('never reads tensors synchronously (WebGPU in Node cannot), with validation, snapshots and checkpoints', async () => {
    const { model, config } = setup({ training: { epochs: 2, batchSize: 16, snapshotEvery: 3, validationFraction: 0.25, loss: 'bce' } });
    const checkpoints: TrainCheckpoint[] = [];
    const r = await withoutSyncReads(() => train(model, data, { training: config.training, onCheckpoint: (cp) => void checkpoints.push(cp) }));
    expect(r).toMatchObject({ reason: 'completed', epochs: 2 });
    expect(checkpoints.at(-1)!.weights.map((w) => w.values)).toEqual(model.getWeights().map((w) => w.values));
    expect(checkpoints.at(-1)!.optimizer.length).toBeGreaterThan(1);
    model.dispose();
  });

  it('emits snapshots of the first kernel and of codes', async () => {
    const { model, config } = setup({ training: { epochs: 1, batchSize: 16, snapshotEvery: 2, validationFraction: 0 } });
    const snaps: TrainEvent[] = [];
    await train(model, data, { training: config.training, snapshotSamples: 10, onEvent: (e) => void (e.type === 'snapshot' && snaps.push(e)) });
    expect(snaps).toHaveLength(3);
    const s = snaps[0]!;
    if (s.type !== 'snapshot') throw new Error();
    expect(s.weights?.shape).toEqual([8, 6]);
    expect(s.codes?.shape).toEqual([10, 3]);
    model.dispose();
  });

  it('stops early, at convergence and at maxSteps', async () => {
    const early = setup({ training: { epochs: 50, batchSize: 16, learningRate: 1e-6, earlyStopping: { patience: 2, minDelta: 0.1 } } });
    const r1 = await train(early.model, data, { training: early.config.training });
    expect(r1.reason).toBe('early-stopping');
    expect(r1.epochs).toBe(3);
    const conv = setup({ training: { epochs: 50, batchSize: 16, learningRate: 1e-6, convergenceEpsilon: 1e-2 } });
    const r2 = await train(conv.model, data, { training: conv.config.training });
    expect(r2.reason).toBe('converged');
    expect(r2.epochs).toBe(2);
    const steps = setup({ training: { epochs: 50, batchSize: 16, maxSteps: 7 } });
    const r3 = await train(steps.model, data, { training: steps.config.training });
    expect(r3).toMatchObject({ reason: 'max-steps', steps: 7 });
    for (const m of [early, conv, steps]) m.model.dispose();
  });

  it('stops when the loss is no longer finite', async () => {
    const { model, config } = setup({
      model: { type: 'dense', layers: [{ units: 6, activation: 'identity' }, { units: 3, activation: 'identity' }], outputActivation: 'identity' },
      training: { epochs: 30, batchSize: 16, learningRate: 1e4, optimizer: { type: 'sgd' }, validationFraction: 0 },
    });
    const r = await train(model, data, { training: config.training });
    expect(r.reason).toBe('diverged');
    expect(r.epochs).toBeLessThan(30);
    expect(Number.isFinite(r.loss)).toBe(false);
    model.dispose();
  });

  it('stops on abort with a checkpoint, and a resume finishes with the numbers of an uninterrupted run', async () => {
    const full = setup();
    const straight = await train(full.model, data, { training: full.config.training, seed: 3 });
    const want = full.model.getWeights();

    // 87 training samples in batches of 16: 6 steps per epoch, so step 12 ends an epoch and step 8 is inside one.
    for (const abortAtStep of [12, 8]) {
      const a = setup();
      const controller = new AbortController();
      let last: TrainCheckpoint | null = null;
      const first = await train(a.model, data, {
        training: a.config.training,
        seed: 3,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'step' && e.step === abortAtStep) controller.abort();
        },
        onCheckpoint: (cp) => void (last = structuredClone(cp)),
      });
      expect(first.reason).toBe('aborted');
      expect(last!.step).toBe(abortAtStep);
      a.model.dispose();

      const b = setup();
      const resumed = await train(b.model, data, { training: b.config.training, seed: 3, resume: last! });
      expect(resumed.reason).toBe('completed');
      expect(resumed.history.map((h) => h.loss)).toEqual(straight.history.map((h) => h.loss));
      const got = b.model.getWeights();
      got.forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(want[i]!.values)));
      b.model.dispose();
    }
    full.model.dispose();
  });

  it('returns at once when resumed from a finished run, and goes on when given more epochs', async () => {
    const a = setup({ training: { epochs: 1, batchSize: 32 } });
    let last: TrainCheckpoint | null = null;
    await train(a.model, data, { training: a.config.training, onCheckpoint: (cp) => void (last = cp) });
    expect(last!.done).toBe('completed');
    const r = await train(a.model, data, { training: a.config.training, resume: last! });
    expect(r).toMatchObject({ reason: 'completed', epochs: 1 });
    const more = await train(a.model, data, { training: { ...a.config.training, epochs: 3 }, resume: last! });
    expect(more).toMatchObject({ reason: 'completed', epochs: 3 });
    expect(more.history).toHaveLength(3);
    a.model.dispose();
  });
});
