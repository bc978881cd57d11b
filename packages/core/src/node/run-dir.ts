import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../errors.js';
import { packArrays, unpackArrays } from '../io/pack.js';
import { saveModel, type ModelArtifacts } from '../io/model-io.js';
import type { AnyModel } from '../models/build.js';
import type { SavedArray } from '../optimizers/optimizers.js';
import type { EpochEvent, TrainEvent } from '../training/events.js';
import type { AnyCheckpoint } from '../training/run-model.js';
import { writeFileAtomic, writeJson } from './files.js';
import { RUN_FILES } from '../runs/layout.js';

export { RUN_FILES } from '../runs/layout.js';

/** A run directory already holds a run when it has a config. */
export function hasRun(runDir: string): boolean {
  return existsSync(join(runDir, RUN_FILES.config));
}

export function writeCheckpoint(runDir: string, checkpoint: AnyCheckpoint & { seq: number }): void {
  const { json, data } = packArrays(checkpoint);
  // Arrays first: state.json naming arrays that are not there yet would be the worse half-written state.
  writeFileAtomic(join(runDir, RUN_FILES.checkpointArrays), data);
  writeFileAtomic(join(runDir, RUN_FILES.checkpointState), json);
}

export function readCheckpoint(runDir: string): (AnyCheckpoint & { seq: number }) | null {
  const statePath = join(runDir, RUN_FILES.checkpointState);
  if (!existsSync(statePath)) return null;
  try {
    return unpackArrays(readFileSync(statePath, 'utf8'), readFileSync(join(runDir, RUN_FILES.checkpointArrays)));
  } catch (err) {
    throw new CoreError('RUN_DIR', `the checkpoint in ${runDir} cannot be read (${(err as Error).message})`, { cause: err });
  }
}

/**
 * Writes model/model.json + weights.bin. `weights` (the model's getWeights, e.g. read with getWeightsAsync where
 * synchronous reads are unavailable) defaults to reading them synchronously.
 */
export function writeModelFiles(runDir: string, model: AnyModel, weights?: SavedArray[]): ModelArtifacts {
  const artifacts = saveModel(model, weights);
  writeFileAtomic(join(runDir, RUN_FILES.modelWeights), new Uint8Array(artifacts.weightData));
  writeJson(join(runDir, RUN_FILES.modelJson), artifacts.json);
  return artifacts;
}

/** Snapshot arrays go to snapshots/<stage>-step-<n>.json/.bin; the event line keeps only their file name. */
export function writeSnapshot(runDir: string, event: Extract<TrainEvent, { type: 'snapshot' }>): string {
  const stage = (event.stage ?? 'train').replace(/[^a-z0-9]+/gi, '-');
  const base = `${stage}-step-${String(event.step).padStart(7, '0')}`;
  const { json, data } = packArrays(event);
  writeFileAtomic(join(runDir, RUN_FILES.snapshots, `${base}.bin`), data);
  writeFileAtomic(join(runDir, RUN_FILES.snapshots, `${base}.json`), json);
  return `${RUN_FILES.snapshots}/${base}.json`;
}

export function listSnapshots(runDir: string): string[] {
  const dir = join(runDir, RUN_FILES.snapshots);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${RUN_FILES.snapshots}/${f}`);
}

/** One line per event, numbered, so a resume can drop what came after its checkpoint. */
export interface MetricsLine {
  seq: number;
  event: TrainEvent;
}

export class MetricsLog {
  private seq = 0;
  private epochs: EpochEvent[] = [];

  constructor(private readonly runDir: string) {}

  get lastSeq(): number {
    return this.seq;
  }

  /** Keeps the lines up to `seq` (inclusive), e.g. those a checkpoint knows about, and rewrites the CSV. */
  restore(seq: number): void {
    const path = join(this.runDir, RUN_FILES.metricsJsonl);
    const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
    const kept = lines.map((l) => JSON.parse(l) as MetricsLine).filter((l) => l.seq <= seq);
    writeFileAtomic(path, kept.map((l) => JSON.stringify(l)).join('\n') + (kept.length ? '\n' : ''));
    this.seq = seq;
    this.epochs = kept.map((l) => l.event).filter((e): e is EpochEvent => e.type === 'epoch');
    this.writeCsv();
  }

  append(event: TrainEvent): number {
    this.seq += 1;
    appendFileSync(join(this.runDir, RUN_FILES.metricsJsonl), `${JSON.stringify({ seq: this.seq, event })}\n`);
    if (event.type === 'epoch') {
      this.epochs.push(event);
      this.writeCsv();
    }
    return this.seq;
  }

  /** metrics.csv: one row per epoch of every stage; columns are the union of the terms and metrics seen. */
  private writeCsv(): void {
    const termKeys = [...new Set(this.epochs.flatMap((e) => Object.keys(e.terms)))];
    const metricKeys = [...new Set(this.epochs.flatMap((e) => Object.keys(e.metrics)))];
    const header = [
      'stage',
      'epoch',
      'step',
      'loss',
      'val_loss',
      ...termKeys,
      ...termKeys.map((k) => `val_${k}`),
      ...metricKeys,
      ...metricKeys.map((k) => `val_${k}`),
      'elapsed_ms',
      'samples_per_second',
    ];
    const num = (v: number | undefined): string => (v === undefined ? '' : String(v));
    const rows = this.epochs.map((e) =>
      [
        e.stage ?? 'train',
        String(e.epoch),
        String(e.step),
        num(e.loss),
        num(e.valLoss),
        ...termKeys.map((k) => num(e.terms[k])),
        ...termKeys.map((k) => num(e.valTerms?.[k])),
        ...metricKeys.map((k) => num(e.metrics[k])),
        ...metricKeys.map((k) => num(e.valMetrics?.[k])),
        num(Math.round(e.elapsedMs)),
        num(Math.round(e.samplesPerSecond)),
      ].join(','),
    );
    writeFileAtomic(join(this.runDir, RUN_FILES.metricsCsv), [header.join(','), ...rows].join('\n') + '\n');
  }
}
