import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutSyncReads } from '../../test/helpers.js';
import type { RunConfigInput } from '../config/run.js';
import type { TrainEvent } from '../training/events.js';
import { readModelDir } from './model-files.js';
import { runTraining } from './run-training.js';

const root = mkdtempSync(join(tmpdir(), 'aelab-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dataDir = resolve(import.meta.dirname, '../../../../../shared/data');

const config: RunConfigInput = {
  name: 'tiny',
  seed: 4,
  backend: 'cpu',
  data: { name: 'gaussian', k: 3, d: 6, pointsPerCluster: 40 },
  model: { type: 'dense', layers: [{ units: 4 }, { units: 2 }, { units: 4 }] },
  training: { epochs: 4, batchSize: 16, learningRate: 0.05, snapshotEvery: 5 },
};

describe('runTraining', () => {
  it('writes a complete run directory', async () => {
    const runDir = join(root, 'a');
    const events: TrainEvent[] = [];
    const r = await runTraining(config, { runDir, onEvent: (e) => void events.push(e) });
    expect(r).toMatchObject({ status: 'succeeded', reason: 'completed', backend: 'cpu', epochs: 4 });
    for (const f of ['config.json', 'run.json', 'metrics.jsonl', 'metrics.csv', 'model/model.json', 'model/weights.bin', 'summary.json', 'results.json', 'checkpoint/state.json']) {
      expect(r.files).toContain(f);
    }
    expect(r.files.some((f) => f.startsWith('snapshots/'))).toBe(true);
    expect(r.files).toContain('images/codes.png');
    expect(r.results!.sparseness!.value).toBeGreaterThanOrEqual(0);
    const csv = readFileSync(join(runDir, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^stage,epoch,step,loss,val_loss,reconstruction,val_reconstruction,rmse,val_rmse,elapsed_ms,samples_per_second$/);
    expect(csv).toHaveLength(5);
    const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(events.length);
    const status = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    expect(status).toMatchObject({ status: 'succeeded', epochs: 4, backend: 'cpu', data: { trainCount: 120, testCount: 120 } });
    expect(r.results).toMatchObject({ split: 'test', count: 120 });
    expect(r.results!.rmse).toBeCloseTo(Math.sqrt(r.results!.mse!), 6);
    const model = readModelDir(runDir);
    expect(model.summary()).toEqual(r.summary);
    model.dispose();
    await expect(runTraining(config, { runDir })).rejects.toMatchObject({ code: 'RUN_DIR' });
  });

  it('stops on abort and resumes to the numbers of an uninterrupted run', async () => {
    const straight = await runTraining(config, { runDir: join(root, 'straight') });
    const runDir = join(root, 'b');
    const controller = new AbortController();
    const first = await runTraining(config, {
      runDir,
      signal: controller.signal,
      onEvent: (e) => void (e.type === 'step' && e.step === 11 && controller.abort()),
    });
    expect(first.status).toBe('interrupted');
    expect(JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).status).toBe('interrupted');
    const second = await runTraining(null, { runDir, resume: true });
    expect(second.status).toBe('succeeded');
    expect(second.results).toEqual(straight.results);
    const csvA = readFileSync(join(root, 'straight', 'metrics.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 9).join(','));
    const csvB = readFileSync(join(runDir, 'metrics.csv'), 'utf8').split('\n').map((l) => l.split(',').slice(0, 9).join(','));
    expect(csvB).toEqual(csvA);
  });

  it('trains a stacked model with fine-tuning and reports accuracy', async () => {
    const r = await runTraining(
      {
        backend: 'cpu',
        data: { name: 'gaussian', k: 3, d: 8, pointsPerCluster: 30 },
        model: { type: 'stacked', levels: [{ units: 6 }, { units: 3 }], fineTune: { epochs: 3, learningRate: 0.05 } },
        training: { epochs: 2, batchSize: 16, learningRate: 0.05 },
      },
      { runDir: join(root, 'stack') },
    );
    expect(r.status).toBe('succeeded');
    expect(r.results?.accuracy).toBeTypeOf('number');
    expect(r.results?.confusionMatrix).toHaveLength(3);
    const csv = readFileSync(join(root, 'stack', 'metrics.csv'), 'utf8');
    expect(csv).toMatch(/level 1,1,/);
    expect(csv).toMatch(/fine-tune,3,/);
  });

  it('reads tensors asynchronously only (WebGPU in Node has no dataSync): images, results, checkpoints', async () => {
    const dense = await withoutSyncReads(() =>
      runTraining(
        { backend: 'cpu', data: { name: 'mnist', trainSize: 64, testSize: 32 }, model: { type: 'dense', layers: [{ units: 2 }] }, training: { epochs: 1, batchSize: 32, snapshotEvery: 1 } },
        { runDir: join(root, 'async-dense') },
      ),
    );
    expect(dense.files).toEqual(expect.arrayContaining(['images/weights.png', 'images/reconstructions.png', 'images/codes.png', 'results.json', 'model/weights.bin']));
    const stacked = await withoutSyncReads(() =>
      runTraining(
        {
          backend: 'cpu',
          data: { name: 'gaussian', k: 3, d: 8, pointsPerCluster: 20 },
          model: { type: 'stacked', levels: [{ units: 4 }], fineTune: { epochs: 1 } },
          training: { epochs: 1, batchSize: 16 },
        },
        { runDir: join(root, 'async-stack') },
      ),
    );
    expect(stacked.results?.accuracy).toBeTypeOf('number');
  });

  it("shows a fine-tuned classifier stack's reconstructions from before fine-tuning, labelled, never the stale decoder's", async () => {
    const r = await withoutSyncReads(() =>
      runTraining(
        {
          backend: 'cpu',
          data: { name: 'mnist', trainSize: 64, testSize: 32 },
          model: { type: 'stacked', levels: [{ units: 16 }], fineTune: { epochs: 1 } },
          training: { epochs: 1, batchSize: 32 },
        },
        { runDir: join(root, 'fine-tuned') },
      ),
    );
    expect(r.files).toContain('images/reconstructions-before-fine-tuning.png');
    expect(r.files).not.toContain('images/reconstructions.png');
    const png = readFileSync(join(root, 'fine-tuned', 'images', 'reconstructions-before-fine-tuning.png'));
    // Ten 28x28 digits over their reconstructions, enlarged 3 times: (10 * 29 + 1) * 3 by (2 * 29 + 1) * 3.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([873, 177]);
  });

  it('rejects a bad config before touching the run directory', async () => {
    const runDir = join(root, 'bad');
    await expect(runTraining({ model: { type: 'dense', layers: [{ units: -1 }] } } as RunConfigInput, { runDir })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    expect(existsSync(runDir)).toBe(false);
  });

  describe.skipIf(!existsSync(join(dataDir, 'usps')))('with real data', () => {
    it('trains on USPS subsets from the data dir', async () => {
      const r = await runTraining(
        { backend: 'cpu', data: { name: 'usps', trainSize: 200, testSize: 100 }, model: { type: 'dense', layers: [{ units: 16 }] }, training: { epochs: 1, batchSize: 50 } },
        { runDir: join(root, 'usps'), dataDir },
      );
      expect(r.summary.inputShape).toEqual([256]);
      expect(r.files).toEqual(expect.arrayContaining(['images/weights.png', 'images/reconstructions.png']));
      expect(r.results).toMatchObject({ split: 'test', count: 100 });
    });
  });
});
