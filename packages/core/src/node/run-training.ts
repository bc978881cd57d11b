import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseRunConfig } from '../config/parse.js';
import type { RunConfig, RunConfigInput } from '../config/run.js';
import { CoreError } from '../errors.js';
import { buildModel, type AnyModel } from '../models/build.js';
import { modelInputShape } from '../models/input-shape.js';
import type { ModelSummary } from '../models/model.js';
import { StackClassifier, StackedAutoEncoder } from '../models/stacked.js';
import type { TrainData } from '../training/data.js';
import type { StopReason, TrainEvent } from '../training/events.js';
import type { RunData } from '../training/run-data.js';
import { trainModel, type AnyCheckpoint } from '../training/run-model.js';
import { evaluateLossAsync } from '../training/train.js';
import { accuracy, confusionMatrix, predictedLabels, reconstructionError, sparseness } from '../metrics/index.js';
import { codeScatter, reconstructionStrip, weightTiles } from '../outputs/index.js';
import { encodePng } from '@aelab/datasets/node';
import { selectBackend } from './backend/index.js';
import { loadRunData } from './data.js';
import type { RunStatus } from '../runs/status.js';
import { capturePretrainedReconstructions, writePretrainedReconstructions, type PendingStrip } from './pretrained-reconstructions.js';
import { writeFileAtomic, writeJson } from './files.js';
import { MetricsLog, RUN_FILES, hasRun, readCheckpoint, writeCheckpoint, writeModelFiles, writeSnapshot } from './run-dir.js';

export interface RunTrainingOptions {
  /** Where the run's files go (created when missing). */
  runDir: string;
  /** Abort to stop after the current step: the run ends with status `interrupted` and keeps a checkpoint to resume. */
  signal?: AbortSignal;
  /** Every training event (step, epoch, snapshot, checkpoint, start/end per stage), after it has been logged. */
  onEvent?: (event: TrainEvent) => void;
  /** Human-readable notes: backend chosen and why, where the data came from, warnings. */
  onLog?: (message: string) => void;
  /**
   * Continue the run in `runDir` from its checkpoint. `config` may then be null (the run's config.json is used)
   * or a config that replaces it (e.g. more epochs).
   */
  resume?: boolean;
  /** Data root used when the config names none. */
  dataDir?: string;
  cacheDir?: string;
  download?: boolean;
  /** Skip the backend selection (the caller already chose one, e.g. a worker pool). */
  keepBackend?: boolean;
  /**
   * Threads for the backend: XNNPACK threads for wasm (default 1 or AELAB_WASM_THREADS), OpenBLAS threads for blas
   * (default AELAB_BLAS_THREADS, else every core). WASM takes its count the first time it starts in a process.
   */
  threads?: number;
}

/** Training runs speak the one run vocabulary: an aborted run is `interrupted` (its checkpoint resumes it). */
export type TrainingRunStatus = Extract<RunStatus, 'running' | 'succeeded' | 'interrupted' | 'failed'>;

/** run.json: what a run directory's run is doing or did. */
export interface RunStatusFile {
  status: TrainingRunStatus;
  reason?: StopReason;
  name?: string;
  backend?: string;
  startedAt: string;
  updatedAt: string;
  epochs: number;
  steps: number;
  elapsedMs: number;
  data?: { train: string; test?: string; trainCount: number; testCount?: number };
  error?: string;
}

/** results.json: the trained model's numbers on the test samples (or the training samples when there are none). */
export interface RunResults {
  split: 'test' | 'train';
  count: number;
  /** The training loss function's value. */
  loss?: number;
  /** Reconstruction mean squared error and its root. */
  mse?: number;
  rmse?: number;
  /** Fraction of code activations with magnitude below the threshold. */
  sparseness?: { threshold: number; value: number };
  /** Classifier accuracy and confusion matrix [actual][predicted] (stacked models with fine-tuning). */
  accuracy?: number;
  confusionMatrix?: number[][];
}

export interface RunTrainingResult {
  runDir: string;
  status: Exclude<TrainingRunStatus, 'running'>;
  reason: StopReason;
  config: RunConfig;
  backend: string;
  epochs: number;
  steps: number;
  elapsedMs: number;
  summary: ModelSummary;
  results: RunResults | null;
  /** Files written, relative to runDir. */
  files: string[];
}

const nowIso = (): string => new Date().toISOString();

function readStatus(runDir: string): RunStatusFile | null {
  const p = join(runDir, RUN_FILES.status);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as RunStatusFile) : null;
}

/**
 * Runs `compute` over `data` in batches of flat samples [size, features] and hands `use` the values of the tensors
 * it returned, read asynchronously (WebGPU in Node has no synchronous reads).
 */
async function forBatches<T extends { [key: string]: tf.Tensor | undefined }>(
  data: TrainData,
  compute: (x: tf.Tensor2D) => T,
  use: (values: { [P in keyof T]: Float32Array }, start: number, size: number) => void,
  batch = 512,
): Promise<void> {
  const per = data.shape.reduce((a, b) => a * b, 1);
  for (let start = 0; start < data.count; start += batch) {
    const size = Math.min(batch, data.count - start);
    const computed = tf.tidy(() => compute(tf.tensor2d(data.features.subarray(start * per, (start + size) * per), [size, per])) as tf.TensorContainer) as T;
    const entries = Object.entries(computed).filter((e): e is [string, tf.Tensor] => e[1] !== undefined);
    try {
      const read = await Promise.all(entries.map(([, t]) => t.data() as Promise<Float32Array>));
      use(Object.fromEntries(entries.map(([k], i) => [k, read[i]!])) as { [P in keyof T]: Float32Array }, start, size);
    } finally {
      tf.dispose(entries.map(([, t]) => t));
    }
  }
}

/** One tensor's values, read asynchronously; the tensor is disposed. */
async function readAndDispose(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Quiet-unit threshold of the reported sparseness (|activation| below it counts as inactive). */
export const SPARSENESS_THRESHOLD = 0.1;

async function finalResults(model: AnyModel, data: RunData, config: RunConfig): Promise<RunResults> {
  const set = data.test ?? data.train;
  const per = set.shape.reduce((a, b) => a * b, 1);
  const results: RunResults = { split: data.test ? 'test' : 'train', count: set.count };
  let sqSum = 0;
  let quiet = 0;
  let codeValues = 0;
  const predicted = new Int32Array(set.count);
  const classifier = model instanceof StackedAutoEncoder && model.head ? model : null;
  await forBatches(
    set,
    (x) => ({
      originals: x,
      recon: tf.reshape(model.reconstruct(x), [x.shape[0], per]),
      codes: model.encode(x),
      ...(classifier ? { probabilities: classifier.predict(x) } : {}),
    }),
    (v, start, size) => {
      sqSum += reconstructionError(v.originals, v.recon, 'mse') * size * per;
      quiet += sparseness(v.codes, SPARSENESS_THRESHOLD) * v.codes.length;
      codeValues += v.codes.length;
      if (classifier) predicted.set(predictedLabels(v.probabilities!, classifier.head!.config.units), start);
    },
  );
  results.mse = sqSum / (set.count * per);
  results.rmse = Math.sqrt(results.mse);
  results.sparseness = { threshold: SPARSENESS_THRESHOLD, value: quiet / codeValues };
  if (classifier) {
    results.loss = (await evaluateLossAsync(new StackClassifier(classifier), set, config.training.loss)).loss;
    results.accuracy = accuracy(set.labels, predicted);
    results.confusionMatrix = confusionMatrix(set.labels, predicted, classifier.head!.config.units);
  } else if (!(model instanceof StackedAutoEncoder)) {
    results.loss = (await evaluateLossAsync(model, set, config.training.loss)).loss;
  }
  return results;
}

/**
 * weights.png (first-layer filters), reconstructions.png (originals over reconstructions), codes.png (2-D codes). The
 * first two are enlarged (nearest neighbour) so a 16x16 or 28x28 tile reads at the file's native size.
 */
async function writeImages(runDir: string, model: AnyModel, set: TrainData): Promise<void> {
  const write = (name: string, image: { width: number; height: number; data: Uint8Array }): void =>
    writeFileAtomic(join(runDir, RUN_FILES.images, name), encodePng(image.data, image.width, image.height));
  const image = set.shape.length === 3 && (set.shape[2] === 1 || set.shape[2] === 3) ? set.shape : null;
  const first = (model instanceof StackedAutoEncoder ? model.levels[0]!.weights() : model.weights()).find((w) => w.regularize);
  if (first) {
    const shape = first.variable.shape;
    const kernel = (await first.variable.data()) as Float32Array;
    if (shape.length === 4 && (shape[2] === 1 || shape[2] === 3)) write('weights.png', weightTiles(kernel, [shape[0]!, shape[1]!, shape[2]!], { padding: 1, scale: 'auto' }));
    else if (shape.length === 2 && image && shape[0] === image.reduce((a, b) => a * b, 1)) write('weights.png', weightTiles(kernel, image, { scale: 'auto' }));
  }
  const n = Math.min(10, set.count);
  const per = set.shape.reduce((a, b) => a * b, 1);
  // A fine-tuned classifier stack's decoders no longer match its encoders: its reconstructions would be noise.
  // The pre-trained stack's were written before fine-tuning (PRETRAINED_RECONSTRUCTIONS).
  const fineTuned = model instanceof StackedAutoEncoder && model.head !== null;
  if (image && !fineTuned) {
    const originals = set.features.subarray(0, n * per);
    const recon = await readAndDispose(tf.tidy(() => model.reconstruct(tf.tensor2d(originals, [n, per]))));
    write('reconstructions.png', reconstructionStrip(originals, recon, image, n, { scale: 'auto' }));
  }
  const codeSize = model.codeShape.reduce((a, b) => a * b, 1);
  if (codeSize === 2) {
    const m = Math.min(2000, set.count);
    const codes = await readAndDispose(tf.tidy(() => model.encode(tf.tensor2d(set.features.subarray(0, m * per), [m, per]))));
    write('codes.png', codeScatter(codes, set.labels ? set.labels.subarray(0, m) : null, 400));
  }
}

function listFiles(runDir: string, dir = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(runDir, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(runDir, rel));
    else if (!entry.name.includes('.tmp-')) out.push(rel);
  }
  return out.sort();
}

/**
 * Runs one training run from a config and writes its run directory:
 * config.json, run.json (status), metrics.jsonl (every event) + metrics.csv (epochs), checkpoint/ (resumable),
 * model/model.json + weights.bin, summary.json (layer table), results.json (test numbers), snapshots/ and images/.
 * Safe to call from a worker thread (one run per thread: tf.js state is per thread).
 */
export async function runTraining(config: RunConfigInput | RunConfig | null, options: RunTrainingOptions): Promise<RunTrainingResult> {
  const runDir = resolve(options.runDir);
  const log = options.onLog ?? (() => {});
  let resume: (AnyCheckpoint & { seq: number }) | null = null;
  let parsed: RunConfig;
  if (options.resume) {
    if (!hasRun(runDir)) throw new CoreError('RUN_DIR', `${runDir} holds no run to resume (no ${RUN_FILES.config})`);
    parsed = parseRunConfig(config ?? JSON.parse(readFileSync(join(runDir, RUN_FILES.config), 'utf8')));
    resume = readCheckpoint(runDir);
    if (!resume) log(`no checkpoint in ${runDir}: starting over`);
  } else {
    parsed = parseRunConfig(config ?? {});
    if (hasRun(runDir)) throw new CoreError('RUN_DIR', `${runDir} already holds a run (resume it, or choose another directory)`);
  }
  mkdirSync(runDir, { recursive: true });
  writeJson(join(runDir, RUN_FILES.config), parsed);

  const previous = readStatus(runDir);
  const status: RunStatusFile = {
    status: 'running',
    ...(parsed.name ? { name: parsed.name } : {}),
    startedAt: previous?.startedAt ?? nowIso(),
    updatedAt: nowIso(),
    epochs: 0,
    steps: 0,
    elapsedMs: 0,
  };
  const saveStatus = (): void => {
    status.updatedAt = nowIso();
    writeJson(join(runDir, RUN_FILES.status), status);
  };
  saveStatus();

  let model: AnyModel | null = null;
  try {
    let backend = tf.getBackend();
    if (!options.keepBackend) {
      const selection = await selectBackend(parsed.backend, options.threads !== undefined ? { blasThreads: options.threads, wasmThreads: options.threads } : {});
      backend = selection.backend;
      const skipped = selection.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
      log(`backend ${selection.backend}${selection.detail ? ` (${selection.detail})` : ''}${skipped ? ` — skipped ${skipped}` : ''}`);
    }
    status.backend = backend;

    const loadOptions = {
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.download !== undefined ? { download: options.download } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onWarning: log,
    };
    const data = await loadRunData(parsed.data, parsed.seed, loadOptions);
    status.data = { train: `${data.train.meta.source} (${data.train.meta.split})`, trainCount: data.train.count };
    if (data.test) Object.assign(status.data, { test: `${data.test.meta.source} (${data.test.meta.split})`, testCount: data.test.count });
    log(`data: ${data.train.count} training samples of [${data.train.shape.join(', ')}]${data.test ? `, ${data.test.count} test samples` : ''}`);
    saveStatus();

    model = buildModel(parsed.model, modelInputShape(parsed, data.train.shape), { seed: parsed.seed });
    const summary = model.summary();
    writeJson(join(runDir, RUN_FILES.summary), summary);

    const metrics = new MetricsLog(runDir);
    metrics.restore(resume?.seq ?? 0);
    let pretrained: PendingStrip | null = null;
    const onEvent = (event: TrainEvent): void => {
      if (event.type === 'start' && event.stage === 'fine-tune' && !event.resumed && model instanceof StackedAutoEncoder) {
        pretrained = capturePretrainedReconstructions(model, data.test ?? data.train);
      }
      if (event.type === 'snapshot') {
        const file = writeSnapshot(runDir, event);
        metrics.append({ type: 'snapshot', stage: event.stage, epoch: event.epoch, step: event.step, elapsedMs: event.elapsedMs, file } as TrainEvent);
      } else {
        metrics.append(event);
      }
      if (event.type === 'epoch') {
        status.epochs = event.epoch;
        status.steps = event.step;
        status.elapsedMs = event.elapsedMs;
        saveStatus();
      }
      options.onEvent?.(event);
    };
    const trainOptions: Parameters<typeof trainModel>[3] = {
      onEvent,
      onCheckpoint: (cp) => writeCheckpoint(runDir, { ...cp, seq: metrics.lastSeq + 1 }),
    };
    if (options.signal) trainOptions.signal = options.signal;
    if (resume) {
      const { seq: _seq, ...cp } = resume;
      trainOptions.resume = cp as AnyCheckpoint;
    }
    const trained = await trainModel(model, data.train, parsed, trainOptions);
    const last = trained.stages[trained.stages.length - 1]?.result;
    status.epochs = last?.epochs ?? 0;
    status.steps = last?.steps ?? 0;
    status.elapsedMs = trained.stages.reduce((n, s) => n + s.result.elapsedMs, 0);
    status.reason = trained.reason;

    writeModelFiles(runDir, model, await model.getWeightsAsync());
    let results: RunResults | null = null;
    if (trained.reason !== 'aborted') {
      results = await finalResults(model, data, parsed);
      writeJson(join(runDir, RUN_FILES.results), results);
      await writeImages(runDir, model, data.test ?? data.train);
      if (pretrained) await writePretrainedReconstructions(runDir, pretrained);
    }
    status.status = trained.reason === 'aborted' ? 'interrupted' : 'succeeded';
    saveStatus();
    return {
      runDir,
      status: status.status,
      reason: trained.reason,
      config: parsed,
      backend: status.backend ?? backend,
      epochs: status.epochs,
      steps: status.steps,
      elapsedMs: status.elapsedMs,
      summary,
      results,
      files: listFiles(runDir),
    };
  } catch (err) {
    status.status = 'failed';
    status.error = err instanceof Error ? err.message : String(err);
    saveStatus();
    throw err;
  } finally {
    model?.dispose();
  }
}
