import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { twoClusters, useCpu } from '../../../test/helpers.js';
import { parseRunConfig } from '../../config/parse.js';
import type { AutoEncoder } from '../../models/autoencoder.js';
import { buildModel } from '../../models/build.js';
import type { TrainEvent } from '../events.js';
import { Snapshots } from './snapshots.js';

beforeAll(useCpu);

describe('Snapshots', () => {
  it('emits the first kernel and the codes of a fixed sample every N steps, leaking no tensors', async () => {
    const config = parseRunConfig({ model: { type: 'dense', layers: [{ units: 5 }, { units: 2 }, { units: 5 }] } });
    const model = buildModel(config.model, [6], { seed: 2 }) as AutoEncoder;
    const data = twoClusters(30, 6);
    const events: TrainEvent[] = [];
    const before = tf.memory().numTensors;
    const snapshots = new Snapshots(model, data, 3, 8, async (e) => void events.push(e), () => ({ epoch: 0, step: 0, elapsedMs: 1 }));
    for (let step = 1; step <= 7; step++) await snapshots.afterStep(step);
    expect(tf.memory().numTensors).toBe(before);
    expect(events).toHaveLength(2);
    const snap = events[0]!;
    if (snap.type !== 'snapshot') throw new Error('not a snapshot');
    const kernel = model.getWeights().find((w) => w.name === 'hidden_1/kernel')!;
    expect(snap.weights).toMatchObject({ name: 'hidden_1/kernel', shape: [6, 5] });
    expect(Array.from(snap.weights!.values)).toEqual(Array.from(kernel.values));
    expect(snap.codes!.shape).toEqual([8, 2]);
    expect(Array.from(snap.codes!.labels!)).toEqual(Array.from(data.labels.subarray(0, 8)));
    const codes = tf.tidy(() => model.encode(tf.tensor2d(data.features.subarray(0, 8 * 6), [8, 6])).dataSync());
    expect(Array.from(snap.codes!.values)).toEqual(Array.from(codes));
    model.dispose();
  });
});
