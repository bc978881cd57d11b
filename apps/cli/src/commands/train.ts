import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { CoreError, getPreset, parseRunConfig, type RunConfig, type RunConfigInput, type TrainEvent } from '@aelab/core';
import { RUN_FILES, runTraining, type RunTrainingResult } from '@aelab/core/node';
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../errors.js';
import { info, printJson } from '../output.js';
import { SEED_HELP, seedArg } from '../seed.js';

export interface ConfigSource {
  preset?: string;
  config?: string;
}

/** The config a user named: a preset's, or a JSON file's (`-` reads stdin). Not validated yet. */
export function readConfigInput(source: ConfigSource): { input: RunConfigInput; label: string } {
  if (source.preset && source.config) throw new CoreError('INVALID_ARGUMENT', 'give --preset or --config, not both');
  if (source.preset) return { input: structuredClone(getPreset(source.preset).config), label: source.preset };
  if (!source.config) throw new CoreError('INVALID_ARGUMENT', 'name a model: --preset NAME or --config FILE (aelab presets lists the presets)');
  let text: string;
  try {
    text = readFileSync(source.config === '-' ? 0 : source.config, 'utf8');
  } catch (err) {
    throw new CoreError('INVALID_ARGUMENT', `cannot read config file ${source.config} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return { input: JSON.parse(text) as RunConfigInput, label: source.config.replace(/^.*\//, '').replace(/\.json$/, '') };
  } catch (err) {
    throw new CoreError('INVALID_CONFIG', `${source.config} is not valid JSON (${(err as Error).message})`);
  }
}

interface TrainOptions extends ConfigSource {
  resume?: string;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  backend?: string;
  threads?: number;
  trainSize?: number;
  testSize?: number | 'all';
  dataDir?: string;
  out?: string;
  name?: string;
  progress: boolean;
  json?: boolean;
}

export const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};
/** --threads, else every core — unless AELAB_WASM_THREADS / AELAB_BLAS_THREADS say otherwise (the backend reads them). */
export function defaultThreads(threads: number | undefined): number | undefined {
  if (threads !== undefined) return threads;
  return process.env.AELAB_WASM_THREADS || process.env.AELAB_BLAS_THREADS ? undefined : availableParallelism();
}

/** `all` or a positive whole number: how many test samples. */
const sizeOrAll = (value: string): number | 'all' => (value === 'all' ? 'all' : positiveInt(value));
export const positive = (value: string): number => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a positive number');
  return n;
};

/** The command-line flags written into a config (before validation, so a bad value is reported with its path). */
export function applyOverrides(
  input: RunConfigInput,
  opts: Pick<TrainOptions, 'epochs' | 'batchSize' | 'learningRate' | 'seed' | 'backend' | 'name' | 'dataDir' | 'trainSize' | 'testSize'>,
): RunConfigInput {
  const out = structuredClone(input) as Record<string, unknown> & RunConfigInput;
  const training = { ...((out.training as Record<string, unknown> | undefined) ?? {}) };
  if (opts.epochs !== undefined) training.epochs = opts.epochs;
  if (opts.batchSize !== undefined) training.batchSize = opts.batchSize;
  if (opts.learningRate !== undefined) training.learningRate = opts.learningRate;
  out.training = training as RunConfigInput['training'];
  if (opts.seed !== undefined) out.seed = opts.seed;
  if (opts.backend !== undefined) out.backend = opts.backend as RunConfig['backend'];
  if (opts.name !== undefined) out.name = opts.name;
  const data = out.data as Record<string, unknown> | undefined;
  const imageData = data && typeof data.name === 'string' && !['gaussian', 'inline'].includes(data.name);
  if (opts.dataDir !== undefined && imageData) data.dataDir = resolve(opts.dataDir);
  for (const key of ['trainSize', 'testSize'] as const) {
    if (opts[key] === undefined) continue;
    if (!imageData) throw new CoreError('INVALID_ARGUMENT', `--${key === 'trainSize' ? 'train' : 'test'}-size applies to image datasets (mnist, usps, cifar10), not ${String(data?.name)}`);
    data[key] = opts[key];
  }
  return out;
}

/** `20250131-142501`: local date and time for default run folder names. */
export function stamp(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const fmt = (v: number | undefined): string => (v === undefined ? '-' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4));

/** A one-line progress bar on stderr (redrawn in place on a terminal; one line per epoch otherwise). */
class Progress {
  private epochs = 0;
  private stepsPerEpoch = 1;
  private stepInEpoch = 0;
  private lastDraw = 0;
  private stage = '';
  private readonly tty = process.stderr.isTTY === true;

  constructor(private readonly enabled: boolean) {}

  onEvent(e: TrainEvent): void {
    if (!this.enabled) return;
    const stage = e.stage ? `[${e.stage}] ` : '';
    switch (e.type) {
      case 'start':
        this.epochs = e.epochs;
        this.stepsPerEpoch = e.stepsPerEpoch;
        this.stage = stage;
        this.stepInEpoch = 0;
        this.line(`${stage}${e.resumed ? 'resuming' : 'training'}: ${e.trainCount} samples (${e.validationCount} for validation), ${e.stepsPerEpoch} steps of ${e.batchSize} per epoch, ${e.epochs} epochs`, true);
        break;
      case 'step': {
        this.stepInEpoch = ((e.step - 1) % this.stepsPerEpoch) + 1;
        const now = Date.now();
        if (!this.tty || now - this.lastDraw < 100) return;
        this.lastDraw = now;
        const width = 20;
        const done = Math.round((this.stepInEpoch / this.stepsPerEpoch) * width);
        const bar = `${'█'.repeat(done)}${'░'.repeat(width - done)}`;
        this.draw(`${this.stage}epoch ${e.epoch + 1}/${this.epochs} ${bar} ${this.stepInEpoch}/${this.stepsPerEpoch} loss ${fmt(e.loss)} ${Math.round(e.samplesPerSecond)} samples/s ${clock(e.elapsedMs)}`);
        break;
      }
      case 'epoch': {
        const metrics = Object.entries(e.metrics)
          .map(([k, v]) => ` ${k} ${fmt(v)}`)
          .join('');
        this.line(`${stage}epoch ${e.epoch}/${this.epochs} loss ${fmt(e.loss)}${e.valLoss !== undefined ? ` val ${fmt(e.valLoss)}` : ''}${metrics} ${Math.round(e.samplesPerSecond)} samples/s ${clock(e.elapsedMs)}`, true);
        break;
      }
      case 'end':
        this.line(`${stage}stopped: ${e.reason} after ${e.epoch} epochs, ${e.step} steps (${clock(e.elapsedMs)})`, true);
        break;
      default:
    }
  }

  private draw(text: string): void {
    const cols = process.stderr.columns ?? 120;
    process.stderr.write(`\r${text.slice(0, cols - 1)}\x1b[K`);
  }

  line(text: string, permanent = false): void {
    if (!this.enabled) return;
    if (this.tty) process.stderr.write(`\r\x1b[K${text}${permanent ? '\n' : ''}`);
    else process.stderr.write(`${text}\n`);
  }
}

function report(result: RunTrainingResult, json: boolean | undefined): void {
  if (json) {
    printJson({
      runDir: result.runDir,
      status: result.status,
      reason: result.reason,
      backend: result.backend,
      epochs: result.epochs,
      steps: result.steps,
      elapsedMs: Math.round(result.elapsedMs),
      totalParams: result.summary.totalParams,
      results: result.results,
      files: result.files,
    });
    return;
  }
  const r = result.results;
  const lines = [`run: ${result.runDir}`, `status: ${result.status} (${result.reason}), ${result.epochs} epochs, ${result.steps} steps, backend ${result.backend}`];
  if (r) {
    lines.push(`${r.split} samples: ${r.count}`);
    if (r.loss !== undefined) lines.push(`loss: ${fmt(r.loss)}`);
    if (r.rmse !== undefined) lines.push(`reconstruction RMSE: ${fmt(r.rmse)} (MSE ${fmt(r.mse)})`);
    if (r.sparseness) lines.push(`sparseness (|code| < ${r.sparseness.threshold}): ${fmt(r.sparseness.value)}`);
    if (r.accuracy !== undefined) lines.push(`accuracy: ${(100 * r.accuracy).toFixed(2)}%`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A run directory must be a folder (new, or an earlier run's): a file there is a mistake worth one clear line. */
function checkRunDir(runDir: string, flag: string): void {
  let stats;
  try {
    stats = statSync(runDir);
  } catch {
    return; // Not there yet: training creates it.
  }
  if (!stats.isDirectory()) throw new CliError('OUT_NOT_A_DIRECTORY', `${flag} ${runDir} is a file, not a folder; name a new folder for the run`);
}

/** `aelab train`: one run from a preset or a config file into a run directory, with a progress bar; Ctrl-C stops cleanly. */
export function register(program: Command): void {
  program
    .command('train')
    .description('train a model from a preset or a run config, writing a run directory (config, metrics, model, images, checkpoint)')
    .option('-p, --preset <name>', 'start from a preset (see: aelab presets)')
    .option('-c, --config <file>', 'a run config JSON file (- for stdin)')
    .option('--resume <runDir>', 'continue an interrupted run from its checkpoint (flags such as --epochs still apply)')
    .option('--epochs <n>', 'training.epochs', positiveInt)
    .option('--batch-size <n>', 'training.batchSize', positiveInt)
    .option('--learning-rate <x>', 'training.learningRate', positive)
    .option('--seed <n>', `seed of weights, shuffling, splits, masks and noise (${SEED_HELP})`, seedArg)
    .option('--backend <name>', 'auto, node-gpu, node, webgpu, blas, wasm or cpu (see: aelab backends)')
    .option('--threads <n>', `backend threads: XNNPACK threads for wasm, OpenBLAS threads for blas (default: this machine's ${availableParallelism()} cores)`, positiveInt)
    .option('--train-size <n>', 'data.trainSize: a seeded stratified subset of the training images', positiveInt)
    .option('--test-size <n|all>', 'data.testSize: test images to score on, or all the data has', sizeOrAll)
    .option('--data-dir <dir>', 'folder holding mnist/, usps/, cifar10/ (default: AELAB_DATA_DIR or the download cache)')
    .option('-o, --out <dir>', 'run directory (default: runs/<name>-<date>-<time>)')
    .option('--name <name>', 'name of the run')
    .option('--no-progress', 'no progress output on stderr')
    .option('--json', 'print the outcome as one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aelab train --preset demo-2d --epochs 50\n  aelab train --preset cifar-conv --train-size 5000 --test-size all --epochs 2\n  aelab train --config run.json --out runs/mine\n  aelab train --resume runs/mine',
    )
    .action(async (opts: TrainOptions) => {
      let config: RunConfig | null = null;
      let runDir: string;
      if (opts.resume) {
        if (opts.preset || opts.config) throw new CoreError('INVALID_ARGUMENT', '--resume continues a run with its own config; drop --preset/--config');
        runDir = resolve(opts.resume);
        checkRunDir(runDir, '--resume');
        const stored = readConfigInput({ config: resolve(runDir, RUN_FILES.config) }).input;
        config = parseRunConfig(applyOverrides(stored, opts));
      } else {
        const { input, label } = readConfigInput(opts);
        config = parseRunConfig(applyOverrides(input, opts));
        runDir = resolve(opts.out ?? `runs/${config.name ?? label}-${stamp()}`);
      }
      checkRunDir(runDir, '--out');

      const progress = new Progress(opts.progress);
      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = (): void => {
        interrupts += 1;
        if (interrupts > 1) process.exit(130);
        progress.line('stopping after this step (Ctrl-C again to quit at once)…', true);
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        progress.line(`${opts.resume ? 'resuming' : 'run'}: ${runDir}`, true);
        const result = await runTraining(config, {
          runDir,
          resume: Boolean(opts.resume),
          signal: controller.signal,
          onEvent: (e) => progress.onEvent(e),
          onLog: (m) => progress.line(m, true),
          ...(defaultThreads(opts.threads) !== undefined ? { threads: defaultThreads(opts.threads)! } : {}),
        });
        report(result, opts.json);
        if (result.status === 'interrupted') {
          info(`stopped; a checkpoint is kept. Continue with: aelab train --resume ${runDir}`);
          process.exitCode = 130;
        }
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}
