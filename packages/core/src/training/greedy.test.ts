import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { twoClusters, useCpu, withoutSyncReads } from '../../test/helpers.js';
import { parseRunConfig } from '../config/parse.js';
import { loadModel, saveModel } from '../io/model-io.js';
import { buildModel } from '../models/build.js';
import type { StackedAutoEncoder } from '../models/stacked.js';
import type { TrainEvent } from './events.js';
import { stackCodes, stackCodesAsync, trainGreedyStack, type StackCheckpoint } from './greedy.js';
import { trainModel } from './run-model.js';

beforeAll(useCpu);

const data = twoClusters(64, 10);

function stackConfig(fineTune = true) {
  return parseRunConfig({
    seed: 2,
    model: {
      type: 'stacked',
      levels: [
        { units: 6, dropConnect: { keepProbability: 0.9 }, tiedWeights: true },
        { units: 3, epochs: 2 },
      ],
      ...(fineTune ? { fineTune: { epochs: 5, learningRate: 0.05 } } : {}),
    },
    training: { epochs: 3, batchSize: 16, learningRate: 0.05, loss: 'kl', validationFraction: 0.25 },
  });
}

describe('trainGreedyStack', () => {
  it('trains level by level on the previous codes, then fine-tunes with a softmax head', async () => {
    const config = stackConfig();
    const stack = buildModel(config.model, [10], { seed: 2 }) as StackedAutoEncoder;
    const level1Before = Array.from(stack.levels[0]!.getWeights()[0]!.values);
    const stages: string[] = [];
    const result = await trainModel(stack, data, config, { onEvent: (e: TrainEvent) => void (e.type === 'start' && stages.push(e.stage!)) });
    expect(stages).toEqual(['level 1', 'level 2', 'fine-tune']);
    expect(result.stages.map((s) => s.result.epochs)).toEqual([3, 2, 5]);
    expect(Array.from(stack.levels[0]!.getWeights()[0]!.values)).not.toEqual(level1Before);
    const ft = result.stages[2]!.result.history;
    expect(ft[ft.length - 1]!.metrics.accuracy).toBeGreaterThan(0.9);
    expect(ft[ft.length - 1]!.valMetrics!.accuracy).toBeGreaterThan(0.9);
    const probs = stack.predict(tf.tensor2d(data.features.subarray(0, 20), [2, 10]));
    expect(probs.shape).toEqual([2, 2]);
    expect(stackCodes(stack, data, 2).shape).toEqual([3]);
    expect(stack.reconstruct(tf.tensor2d(data.features.subarray(0, 10), [1, 10])).shape).toEqual([1, 10]);

    const artifacts = saveModel(stack);
    const copy = loadModel({ json: JSON.parse(JSON.stringify(artifacts.json)), weightData: artifacts.weightData }) as StackedAutoEncoder;
    const x = tf.tensor2d(data.features.subarray(0, 30), [3, 10]);
    expect(Array.from(copy.predict(x).dataSync())).toEqual(Array.from(stack.predict(x).dataSync()));
    expect(copy.summary().totalParams).toBe(stack.summary().totalParams);
    stack.dispose();
    copy.dispose();
  });

  it('never reads tensors synchronously, checkpoints and fine-tuning included', async () => {
    const config = stackConfig();
    const stack = buildModel(config.model, [10], { seed: 2 }) as StackedAutoEncoder;
    const checkpoints: StackCheckpoint[] = [];
    const result = await withoutSyncReads(() => trainModel(stack, data, config, { onCheckpoint: (cp) => void checkpoints.push(cp as StackCheckpoint) }));
    expect(result.stages).toHaveLength(3);
    expect(checkpoints.at(-1)!.weights.map((w) => w.values)).toEqual(stack.getWeights().map((w) => w.values));
    const codes = await withoutSyncReads(() => stackCodesAsync(stack, data, 2));
    expect(Array.from(codes.features)).toEqual(Array.from(stackCodes(stack, data, 2).features));
    stack.dispose();
  });

  it('resumes in the middle of a stage with the numbers of an uninterrupted run', async () => {
    const config = stackConfig(false);
    const straight = buildModel(config.model, [10], { seed: 2 }) as StackedAutoEncoder;
    await trainModel(straight, data, config);

    const a = buildModel(config.model, [10], { seed: 2 }) as StackedAutoEncoder;
    const controller = new AbortController();
    let last: StackCheckpoint | null = null;
    const r = await trainGreedyStack(a, data, {
      training: config.training,
      seed: config.seed,
      levels: config.model.type === 'stacked' ? config.model.levels : [],
      signal: controller.signal,
      onEvent: (e) => void (e.stage === 'level 2' && e.type === 'step' && e.step === 2 && controller.abort()),
      onCheckpoint: (cp) => void (last = cp),
    });
    expect(r.reason).toBe('aborted');
    expect(last!.stage).toBe(1);
    const b = buildModel(config.model, [10], { seed: 99 }) as StackedAutoEncoder;
    await trainModel(b, data, config, { resume: last! });
    const want = straight.getWeights();
    b.getWeights().forEach((w, i) => expect(Array.from(w.values)).toEqual(Array.from(want[i]!.values)));
    for (const m of [straight, a, b]) m.dispose();
  });
});
