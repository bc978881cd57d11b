import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { cifar, ddae, formatDuration, type ReportTable } from '@aelab/core';
import { getExperiment, runExperimentInDir } from '@aelab/core/node';
import { CliError } from '../errors.js';
import { progressPrinter } from '../experiment-progress.js';
import { printJson, info } from '../output.js';

interface DdaeFlags {
  dataset: string;
  dataDir?: string;
  download: boolean;
  seeds?: number;
  quick?: boolean;
  full?: boolean;
  splitFile?: string;
  backend: string;
  out?: string;
  json?: boolean;
  config?: string;
  models?: string;
  holdout?: boolean;
  limitTrain?: number;
  limitTest?: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

const DATASETS = ['mnist', 'usps', 'mnist-full', 'all'];

function parseModels(list: string): string[] {
  const names = list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const n of names) {
    if (!(ddae.MODEL_NAMES as readonly string[]).includes(n)) throw new CliError('INVALID_OPTIONS', `unknown model "${n}" (use ${ddae.MODEL_NAMES.join(', ')})`);
  }
  return names;
}

export async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError('INVALID_OPTIONS', `cannot read --config ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError('INVALID_OPTIONS', `--config ${file} is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError('INVALID_OPTIONS', `--config ${file} must hold a JSON object`);
  return value as Record<string, unknown>;
}

/** The DDAE command's flags as the experiment's options (the same object `runs submit --experiment ddae` sends). */
export async function ddaeOptionsFromFlags(opts: Omit<DdaeFlags, 'out' | 'json'>): Promise<ddae.DdaeOptionsInput> {
  if (!DATASETS.includes(opts.dataset)) throw new CliError('INVALID_OPTIONS', `unknown dataset "${opts.dataset}" (use mnist, usps, mnist-full or all)`);
  const options: ddae.DdaeOptionsInput = {
    dataset: opts.dataset as ddae.DdaeOptionsInput['dataset'],
    full: opts.full === true,
    quick: opts.quick === true,
    holdout: opts.holdout === true,
    download: opts.download !== false,
    backend: opts.backend as ddae.DdaeOptionsInput['backend'],
  };
  if (opts.seeds !== undefined) options.seeds = opts.seeds;
  if (opts.dataDir) options.dataDir = resolve(opts.dataDir);
  if (opts.splitFile) options.splitFile = resolve(opts.splitFile);
  if (opts.models) options.models = parseModels(opts.models) as ddae.DdaeOptionsInput['models'];
  if (opts.limitTrain) options.limitTrain = opts.limitTrain;
  if (opts.limitTest) options.limitTest = opts.limitTest;
  if (opts.config) options.config = await readConfigFile(opts.config);
  return options;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
}

function textTable(t: ReportTable): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line)].join('\n');
}

/**
 * Runs an experiment locally into `out` with progress on stderr; Ctrl-C stops at the next step and keeps what
 * finished (run the same command with the same --out to continue).
 */
export async function reproduceLocally(name: string, options: unknown, flags: { out?: string; json?: boolean }): Promise<void> {
  const outDir = resolve(flags.out ?? `runs/reproduce-${name}-${timestamp()}`);
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      info(`\nstopping at the next step; finished jobs are kept (run the same command with --out ${outDir} to continue; Ctrl-C again to quit at once)`);
      controller.abort('shutdown');
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  const progress = progressPrinter();
  let outcome;
  try {
    outcome = await runExperimentInDir({
      experiment: getExperiment(name),
      options,
      outDir,
      command: `aelab ${process.argv.slice(2).join(' ')}`,
      signal: controller.signal,
      onEvent: progress.onEvent,
    });
  } finally {
    progress.end();
    process.off('SIGINT', onSigint);
  }
  if (flags.json) {
    printJson(outcome.report?.results ?? null);
  } else {
    for (const t of outcome.report?.tables ?? []) process.stdout.write(`\n${t.title}\n\n${textTable(t)}\n`);
  }
  const seconds = Number(outcome.report?.runInfo.totalSeconds ?? 0);
  const verb = outcome.status === 'succeeded' ? 'done' : outcome.status;
  info(`${verb} in ${formatDuration(seconds)}; report: ${outDir}/report.html`);
  if (outcome.status === 'failed' && outcome.error) throw new CliError(outcome.error.code, outcome.error.message);
  if (outcome.status === 'interrupted' || outcome.status === 'cancelled') process.exitCode = 130;
}

interface CifarFlags {
  quick?: boolean;
  epochs?: number;
  trainSize?: number;
  testSize?: number;
  seed?: number;
  dataDir?: string;
  download: boolean;
  backend: string;
  threads?: number;
  out?: string;
  json?: boolean;
}

/** The cifar command's flags as the experiment's options (what `runs submit --experiment cifar` sends). */
export function cifarOptionsFromFlags(opts: Omit<CifarFlags, 'out' | 'json'>): cifar.CifarOptionsInput {
  const options: cifar.CifarOptionsInput = {
    quick: opts.quick === true,
    download: opts.download !== false,
    backend: opts.backend as cifar.CifarOptionsInput['backend'],
  };
  if (opts.epochs !== undefined) options.epochs = opts.epochs;
  if (opts.trainSize !== undefined) options.trainSize = opts.trainSize;
  if (opts.testSize !== undefined) options.testSize = opts.testSize;
  if (opts.seed !== undefined) options.seed = opts.seed;
  if (opts.dataDir) options.dataDir = resolve(opts.dataDir);
  const threads = opts.threads ?? (process.env.AELAB_WASM_THREADS || process.env.AELAB_BLAS_THREADS ? undefined : availableParallelism());
  if (threads !== undefined) options.threads = threads;
  return options;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

function registerCifar(reproduce: Command): void {
  reproduce
    .command('cifar')
    .description(
      "the CIFAR-10 document's 1,495-parameter conv autoencoder, trained by its recipe (BCE, Adam 0.001, batches of 128, 100 epochs): " +
        'loss per iteration in its windows (0-500, 500-2,500, all), per-epoch train/test BCE, time against iterations, reconstructions, ' +
        "the trained model (model/), results.json, report.md and report.html with the document's numbers side by side. " +
        'Scores on every test image the data holds. Run it again with the same --out to continue an interrupted run.',
    )
    .option('--quick', `a cut-down run that finishes in minutes (${cifar.QUICK.trainSize.toLocaleString('en-US')} training images, ${cifar.QUICK.epochs} epochs)`)
    .option('--epochs <n>', "training epochs (default 100, the document's; 2 with --quick)", positiveInt)
    .option('--train-size <n>', 'a seeded stratified subset of the training images (default all 50,000)', positiveInt)
    .option('--test-size <n>', 'test images to score on (default every one the data has)', positiveInt)
    .option('--seed <n>', 'seed of the weights, the shuffling and the subsets (default 0)', nonNegativeInt)
    .option('--data-dir <dir>', "folder holding cifar10/ (default: the datasets package's lookup, AELAB_DATA_DIR)")
    .option('--no-download', 'never download CIFAR-10 (170 MB)')
    .addOption(new Option('--backend <name>', 'tensor backend').choices([...ddae.BACKEND_CHOICES]).default('auto'))
    .option('--threads <n>', `backend threads: XNNPACK for wasm, OpenBLAS for blas (default: this machine's ${availableParallelism()} cores)`, positiveInt)
    .option('--out <dir>', 'output directory (default runs/reproduce-cifar-<time>); an interrupted one is continued')
    .option('--json', 'print only results.json to stdout')
    .addHelpText('after', '\nExamples:\n  aelab reproduce cifar --quick --data-dir ../shared/data\n  aelab reproduce cifar --epochs 10 --out runs/cifar10')
    .action(async (opts: CifarFlags) => {
      await reproduceLocally('cifar', cifarOptionsFromFlags(opts), opts);
    });
}

export function register(program: Command): void {
  const reproduce = program
    .command('reproduce')
    .description("reproduce a source document's tables end to end and write a report (see `aelab experiments list`)");
  reproduce
    .command('ddae')
    .description(
      'the DDAE paper (DropConnect stacked autoencoder + kernel ELM): ELM, RELM, KELM, AE, SAE, DAE and DDAE on USPS and MNIST, ' +
        "with the paper's numbers side by side; writes results.json, report.md, report.html, figures, models and one children/ record per job. " +
        'Run it again with the same --out to continue an interrupted run: finished jobs are skipped.',
    )
    .addOption(new Option('--dataset <name>', 'which table: mnist (6,000/1,000), usps (7,291/2,007), mnist-full (60,000/10,000) or all').default('mnist'))
    .option('--data-dir <dir>', "folder with mnist/ and usps/ data files (default: the datasets package's lookup; embedded MNIST digits offline)")
    .option('--no-download', 'never download data files (MNIST then uses the embedded digits)')
    .option('--seeds <n>', 'seeds for the stack rows and KELM (default 3; 1 with --quick); ELM/RELM always use 10', positiveInt)
    .option('--quick', 'a cut-down recipe that finishes in minutes (fewer epochs, narrower layers, smaller grids)')
    .option('--full', 'the whole 60,000/10,000 MNIST instead of the 6,000/1,000 draw (needs the MNIST files; KELM uses Nystrom)')
    .option('--split-file <file>', 'MNIST train/test indices into the 10,000 embedded digits, e.g. ../shared/reference/mnist_split_seed0.json')
    .addOption(new Option('--backend <name>', 'tensor backend').choices([...ddae.BACKEND_CHOICES]).default('auto'))
    .option('--out <dir>', 'output directory (default runs/reproduce-ddae-<time>); an interrupted one is continued')
    .option('--json', 'print only results.json to stdout')
    .option('--models <list>', `comma-separated subset of ${ddae.MODEL_NAMES.join(',')}`)
    .option('--config <file>', 'JSON overriding any part of the recipe (see results.json "config" for the fields)')
    .option('--holdout', 'score on a validation fifth of the training data instead of the test split (for choosing recipes)')
    .option('--limit-train <n>', 'keep a stratified N of the training samples (smoke tests)', positiveInt)
    .option('--limit-test <n>', 'keep a stratified N of the test samples (smoke tests)', positiveInt)
    .action(async (opts: DdaeFlags) => {
      const options = await ddaeOptionsFromFlags(opts);
      await reproduceLocally('ddae', options, opts);
    });
  registerCifar(reproduce);
}
