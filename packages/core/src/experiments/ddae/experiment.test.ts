import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SYNC_BACKEND, registerNoSyncBackend } from '../../backend/testing/no-sync.js';
import { MemoryJobStore } from '../job-store.js';
import { MemoryArtifactSink } from '../memory-sink.js';
import { runExperiment } from '../runner.js';
import { createDdaeExperiment, type DdaeJobResult, type TableLoader } from './experiment.js';
import type { ResultsDocument } from './results.js';
import type { LabelledSet } from './table-data.js';

/** Two classes of 8x8 images (bright top half vs bright bottom half, with seeded noise): easy to separate. */
function set(count: number, offset: number): LabelledSet {
  const data = new Float32Array(count * 64);
  const y = new Int32Array(count);
  let s = 12345 + offset;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < count; i++) {
    y[i] = i % 2;
    for (let p = 0; p < 64; p++) data[i * 64 + p] = ((p < 32) === (y[i] === 0) ? 0.8 : 0.1) + 0.2 * rand();
  }
  return { x: { data, rows: count, cols: 64 }, y };
}

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
  let previous = '';
  beforeAll(async () => {
    await tf.ready();
    previous = tf.getBackend();
    registerNoSyncBackend();
    await tf.setBackend(NO_SYNC_BACKEND);
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('trains, encodes, fits KELM and writes its figures and model without one synchronous read', async () => {
    const sink = new MemoryArtifactSink();
    const store = new MemoryJobStore<DdaeJobResult>();
    const before = tf.memory().numTensors;
    const outcome = await runExperiment({
      experiment: createDdaeExperiment(loadTable),
      options: tiny,
      store,
      artifacts: sink,
      environment: { command: 'test', backend: { name: NO_SYNC_BACKEND, note: '' }, versions: {}, host: { platform: 'test', cpus: 1, cpuModel: 'test' } },
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
