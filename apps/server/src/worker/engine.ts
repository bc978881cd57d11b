// PLACEHOLDER until @aelab/core/node exports runTraining: simulates epochs, writes a checkpoint and artifacts.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig, TrainEvent } from '@aelab/core';

export interface RunTrainingOptions {
  runDir: string;
  signal?: AbortSignal;
  onEvent?: (event: TrainEvent) => void;
  resume?: boolean;
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

export async function runTraining(config: RunConfig, opts: RunTrainingOptions): Promise<unknown> {
  mkdirSync(opts.runDir, { recursive: true });
  writeAtomic(join(opts.runDir, 'config.json'), JSON.stringify(config, null, 2));
  const ckpt = join(opts.runDir, 'checkpoint.json');
  let start = 0;
  if (opts.resume && existsSync(ckpt)) start = (JSON.parse(readFileSync(ckpt, 'utf8')) as { epoch: number }).epoch;
  const epochs = config.training.epochs;
  const base = { elapsedMs: 0 };
  opts.onEvent?.({ ...base, type: 'start', epoch: start, step: start * 5, epochs, stepsPerEpoch: 5, batchSize: 1, trainCount: 5, validationCount: 0, resumed: start > 0 });
  for (let epoch = start + 1; epoch <= epochs; epoch++) {
    for (let step = 0; step < 5; step++) {
      await new Promise((r) => setTimeout(r, 20));
      if (opts.signal?.aborted) {
        writeAtomic(ckpt, JSON.stringify({ epoch: epoch - 1 }));
        opts.onEvent?.({ ...base, type: 'checkpoint', epoch: epoch - 1, step: (epoch - 1) * 5 });
        throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      }
      opts.onEvent?.({ ...base, type: 'step', epoch: epoch - 1, step: (epoch - 1) * 5 + step, loss: 1 / (epoch + step), terms: {}, metrics: {}, samplesPerSecond: 1 });
    }
    opts.onEvent?.({ ...base, type: 'epoch', epoch, step: epoch * 5, loss: 1 / epoch, valLoss: 1.1 / epoch, terms: {}, metrics: { rmse: 1 / epoch }, samplesPerSecond: 1, epochMs: 100 });
    writeAtomic(ckpt, JSON.stringify({ epoch }));
    opts.onEvent?.({ ...base, type: 'checkpoint', epoch, step: epoch * 5 });
  }
  writeAtomic(join(opts.runDir, 'metrics.csv'), 'epoch,loss\n');
  writeAtomic(join(opts.runDir, 'weights.png'), new Uint8Array([137, 80, 78, 71]));
  return { loss: 1 / epochs, epochs };
}

export function probeBackends(): { name: string; available: boolean; note?: string }[] {
  return [{ name: 'cpu', available: true }];
}
