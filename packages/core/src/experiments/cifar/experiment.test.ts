import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SYNC_BACKEND, switchToNoSyncBackend } from '../../backend/testing/no-sync.js';
import { loadModel } from '../../io/model-io.js';
import { MemoryJobStore } from '../job-store.js';
import { MemoryArtifactSink } from '../memory-sink.js';
import { runExperiment } from '../runner.js';
import { testEnvironment } from '../testing.js';
import { createCifarExperiment, type CifarLoader } from './experiment.js';
import type { CifarResults } from './report.js';
import type { CifarJobResult } from './train-job.js';

/** `count` side x side RGB images of seeded gradients in [0, 1]. */
function images(count: number, seed: number, side = 32) {
  const per = side * side * 3;
  const features = new Float32Array(count * per);
  let s = seed + 1;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < count; i++) {
    const [a, b] = [rand(), rand()];
    for (let p = 0; p < side * side; p++) for (let c = 0; c < 3; c++) features[i * per + p * 3 + c] = (a + b * ((p % side) / side) + 0.1 * c) % 1;
  }
  return { features, shape: [side, side, 3], count };
}

const load: CifarLoader = () =>
  Promise.resolve({
    train: images(30, 1),
    test: images(10, 2),
    info: { source: 'generated', trainCount: 30, testCount: 10, testAvailable: 10, warnings: [] },
  });

describe('the cifar experiment on a backend without synchronous reads', () => {
  let restore: () => Promise<void>;
  beforeAll(async () => void (restore = await switchToNoSyncBackend()));
  afterAll(() => restore());

  it('trains, records every iteration, writes figures and a loadable model, and leaks no tensors', { timeout: 120_000 }, async () => {
    const sink = new MemoryArtifactSink();
    const store = new MemoryJobStore<CifarJobResult>();
    const before = tf.memory().numTensors;
    const outcome = await runExperiment({
      experiment: createCifarExperiment(load),
      options: { epochs: 2, backend: 'cpu' },
      store,
      artifacts: sink,
      environment: testEnvironment(NO_SYNC_BACKEND),
    });
    expect(outcome.status).toBe('succeeded');
    expect(tf.memory().numTensors).toBe(before);
    const results = outcome.report!.results as CifarResults;
    // 30 images in batches of 128: one iteration per epoch.
    expect(results).toMatchObject({ iterations: 2, epochs: 2, trainImages: 30, testImages: 10 });
    expect(results.perEpoch).toHaveLength(2);
    expect(results.testLoss).toBe(results.perEpoch[1]!.testLoss);
    expect(results.finalTrainLoss).toBe(results.perEpoch[1]!.trainLoss);
    expect(results.minLoss!.iteration).toBeGreaterThanOrEqual(1);
    expect(results.lossNear300).toBeNull();
    expect([...sink.images.keys()].sort()).toEqual(['figures/loss-0-500.png', 'figures/loss-all.png', 'figures/loss-epochs.png', 'figures/reconstructions.png', 'figures/time.png']);
    // The grid: 10 test images as rows of 8 originals over their reconstructions (2 pairs of rows), each 32-pixel
    // picture enlarged twice (nearest neighbour) to read at the file's own size.
    const grid = sink.images.get('figures/reconstructions.png')!;
    expect([grid.width, grid.height]).toEqual([2 * (8 * 34 + 2), 2 * 2 * (2 * 34 + 2)]);
    const model = loadModel({ json: JSON.parse(new TextDecoder().decode(sink.files.get('model/model.json'))), weightData: sink.files.get('model/weights.bin')! });
    expect(model.summary().totalParams).toBe(1495);
    model.dispose();
    expect(new TextDecoder().decode(sink.files.get('iterations.csv')).trim().split('\n')).toHaveLength(3);
    expect(outcome.report!.markdown).toContain('| training images | 50,000 | 30 |');
  });
});

describe('the cifar experiment stopped and run again', () => {
  // 8x8 pictures keep it quick: the model is fully convolutional. 300 images: 3 iterations per epoch.
  const small: CifarLoader = () =>
    Promise.resolve({ train: images(300, 3, 8), test: images(12, 4, 8), info: { source: 'generated', trainCount: 300, testCount: 12, testAvailable: 12, warnings: [] } });
  const environment = testEnvironment();
  const options = { epochs: 3, backend: 'cpu' };

  it('continues from its checkpoint and ends with the numbers of an uninterrupted run', { timeout: 120_000 }, async () => {
    await tf.setBackend('cpu');
    const whole = await runExperiment({ experiment: createCifarExperiment(small), options, store: new MemoryJobStore<CifarJobResult>(), artifacts: new MemoryArtifactSink(), environment });
    const expected = whole.report!.results as CifarResults;
    expect(expected.iterations).toBe(9);

    const sink = new MemoryArtifactSink();
    const store = new MemoryJobStore<CifarJobResult>();
    const stop = new AbortController();
    const first = await runExperiment({
      experiment: createCifarExperiment(small),
      options,
      store,
      artifacts: sink,
      environment,
      signal: stop.signal,
      // Stop during the second epoch.
      onEvent: (e) => {
        if (e.type === 'job-progress' && e.update.epoch?.epoch === 1) stop.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    expect(sink.files.has('checkpoint/state.json')).toBe(true);

    const notes: string[] = [];
    const second = await runExperiment({
      experiment: createCifarExperiment(small),
      options,
      store,
      artifacts: sink,
      environment,
      onEvent: (e) => void (e.type === 'note' && notes.push(e.message)),
    });
    expect(second.status).toBe('succeeded');
    expect(notes.join('\n')).toMatch(/continuing the training from its checkpoint: epoch 1/);
    const resumed = second.report!.results as CifarResults;
    expect(resumed.iterations).toBe(9);
    expect(resumed.perEpoch.map((e) => [e.epoch, e.trainLoss, e.testLoss])).toEqual(expected.perEpoch.map((e) => [e.epoch, e.trainLoss, e.testLoss]));
    expect(resumed.testLoss).toBe(expected.testLoss);
  });
});
