import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SYNC_BACKEND, switchToNoSyncBackend } from '../../backend/testing/no-sync.js';
import { MemoryJobStore } from '../job-store.js';
import { MemoryArtifactSink } from '../memory-sink.js';
import { runExperiment } from '../runner.js';
import { testEnvironment } from '../testing.js';
import { createDdaeExperiment, type DdaeJobResult, type TableLoader } from './experiment.js';
import type { ResultsDocument } from './results.js';
import { twoClassSet } from './testing.js';

/** Bright top half vs bright bottom half. */
const set = (count: number, offset: number) => twoClassSet(count, 12345 + offset, (p) => p < 32);

const loadTable: TableLoader = (dataset) =>
  Promise.resolve({
    dataset,
    train: set(120, 0),
    test: set(40, 1),
    imageShape: [8, 8],
    classes: 2,
    info: { dataset, source: 'generated', trainCount: 120, testCount: 40, shape: [8, 8, 1], evaluation: 'test', warnings: [] },
  });

const tiny = {
  models: ['KELM', 'DDAE'],
  seeds: 1,
  backend: 'cpu',
  config: {
    stacks: { mnist: { units: [12, 6], epochs: [1, 1], batchSize: 20 } },
    kelm: { C: [10], sigmaScales: [0.5, 1] },
  },
};

describe('the DDAE experiment on a backend without synchronous reads', () => {
  let restore: () => Promise<void>;
  beforeAll(async () => void (restore = await switchToNoSyncBackend()));
  afterAll(() => restore());

  it('trains, encodes, fits KELM and writes its figures and model without one synchronous read', async () => {
    const sink = new MemoryArtifactSink();
    const store = new MemoryJobStore<DdaeJobResult>();
    const before = tf.memory().numTensors;
    const outcome = await runExperiment({
      experiment: createDdaeExperiment(loadTable),
      options: tiny,
      store,
      artifacts: sink,
      environment: testEnvironment(NO_SYNC_BACKEND),
    });
    expect(outcome.error).toBeNull();
    expect(outcome.status).toBe('succeeded');
    expect(tf.getBackend()).toBe(NO_SYNC_BACKEND);
    expect(tf.memory().numTensors).toBe(before);
    const doc = outcome.report!.results as ResultsDocument;
    expect(doc.rows.map((r) => r.model)).toEqual(['KELM', 'DDAE']);
    for (const row of doc.rows) expect(row.testAccuracy).toBeGreaterThan(0.9);
    expect([...sink.images.keys()].sort()).toEqual(['figures/mnist-DDAE-reconstruction.png', 'figures/mnist-DDAE-weights.png']);
    expect([...sink.files.keys()].sort()).toEqual(['models/mnist-DDAE-seed0/model.json', 'models/mnist-DDAE-seed0/weights.bin']);
    expect([...store.records.keys()]).toEqual(['mnist-KELM-seed0', 'mnist-DDAE-seed0']);
    expect(store.records.get('mnist-DDAE-seed0')?.artifacts.sort()).toEqual([...sink.images.keys(), ...sink.files.keys()].sort());
    expect(store.records.get('mnist-KELM-seed0')?.artifacts).toEqual([]);
    expect(outcome.report!.tables[0]).toMatchObject({ columns: expect.arrayContaining(['model', 'paper test %']) });
    expect(outcome.report!.markdown).toContain('| DDAE | 1 |');
  });
});
