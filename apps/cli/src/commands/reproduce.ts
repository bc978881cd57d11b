import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { cifar, ddae, formatDuration, lab } from '@aelab/core';
import { getExperiment, runExperimentInDir } from '@aelab/core/node';
import { CliError } from '../errors.js';
import { progressPrinter } from '../experiment-progress.js';
import { printJson, info } from '../output.js';
import { textTable } from '../report-table.js';
import { addDdaeOptions, ddaeOptionsFromFlags, type DdaeFlags } from './ddae-flags.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

interface LabFlags {
  quick?: boolean;
  parts?: string;
  seeds?: number;
  layouts?: string;
  activations?: string;
  maxEpochs?: number;
  limitTrain?: number;
  limitTest?: number;
  dataDir?: string;
  download: boolean;
  backend: string;
  out?: string;
  json?: boolean;
}

function parseList<T extends string>(flag: string, list: string, allowed: readonly T[] | null): T[] {
  const items = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new CliError('INVALID_OPTIONS', `${flag} needs at least one value`);
  if (allowed) for (const i of items) if (!(allowed as readonly string[]).includes(i)) throw new CliError('INVALID_OPTIONS', `${flag}: unknown value "${i}" (use ${allowed.join(', ')})`);
  return items as T[];
}

/** The lab command's flags as the experiment's options (the same object `runs submit --experiment lab` sends). */
export function labOptionsFromFlags(opts: Omit<LabFlags, 'out' | 'json'>): lab.LabOptionsInput {
  const options: lab.LabOptionsInput = {
    quick: opts.quick === true,
    download: opts.download !== false,
    backend: opts.backend as lab.LabOptionsInput['backend'],
  };
  if (opts.parts) options.parts = parseList('--parts', opts.parts, ['1', '2', '3'] as const);
  if (opts.seeds !== undefined) options.seeds = opts.seeds;
  if (opts.layouts) options.layouts = parseList('--layouts', opts.layouts, null);
  if (opts.activations) options.activations = parseList('--activations', opts.activations, lab.HIDDEN_ACTIVATIONS);
  if (opts.maxEpochs !== undefined) options.maxEpochs = opts.maxEpochs;
  if (opts.limitTrain !== undefined) options.limitTrain = opts.limitTrain;
  if (opts.limitTest !== undefined) options.limitTest = opts.limitTest;
  if (opts.dataDir) options.dataDir = resolve(opts.dataDir);
  return options;
}

function timestamp(): string {
  return new Date().toISOString().replace(/\..*$/, '').replace(/[-:]/g, '').replace('T', '-');
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
  const ddaeCommand = reproduce
    .command('ddae')
    .description(
      'the DDAE paper (DropConnect stacked autoencoder + kernel ELM): ELM, RELM, KELM, AE, SAE, DAE and DDAE on USPS and MNIST, ' +
        "with the paper's numbers side by side; writes results.json, report.md, report.html, figures, models and one children/ record per job. " +
        'Run it again with the same --out to continue an interrupted run: finished jobs are skipped.',
    )
    .option('--no-download', 'never download data files (MNIST then uses the embedded digits)')
    .option('--out <dir>', 'output directory (default runs/reproduce-ddae-<time>); an interrupted one is continued')
    .option('--json', 'print only results.json to stdout');
  addDdaeOptions(ddaeCommand, 'local')
    .action(async (opts: DdaeFlags & { out?: string; json?: boolean }) => {
      const options = await ddaeOptionsFromFlags(opts, 'local');
      await reproduceLocally('ddae', options, opts);
    });
  reproduce
    .command('lab')
    .description(
      "the lab report on binary MNIST autoencoders: part 1 under-complete 784-h-784 (curves, reconstructions), part 2 over-complete 784-1024-784 with " +
        'L1/L2 penalties on activations and on weights and input noise (Table 1 sparseness, weight tiles), part 3 greedy stacks fine-tuned with a softmax ' +
        "(Table 2's 23 layouts, ReLU and sigmoid, and no hidden layer), with the report's numbers beside ours. Same --out again resumes.",
    )
    .option('--quick', 'a cut-down study (fewer epochs and layouts, said in the report) that finishes in minutes')
    .option('--parts <list>', 'which parts, e.g. 1,2,3 (default all)')
    .option('--seeds <n>', 'seeds per Table 2 network (default 1; parts 1 and 2 use the first)', positiveInt)
    .option('--layouts <list>', 'Table 2 layouts to run, e.g. 128,256-256,none (default all 23 and none)')
    .option('--activations <list>', 'relu, sigmoid or both (default both)')
    .option('--max-epochs <n>', 'cap on every training stage (smoke tests)', positiveInt)
    .option('--limit-train <n>', 'draw N training digits instead of 8,000 (smoke tests)', positiveInt)
    .option('--limit-test <n>', 'draw N test digits instead of 2,000 (smoke tests)', positiveInt)
    .option('--data-dir <dir>', "folder with mnist/ data files (default: the datasets package's lookup; embedded digits offline)")
    .option('--no-download', 'never download data files (then the embedded digits)')
    .addOption(new Option('--backend <name>', 'tensor backend').choices([...ddae.BACKEND_CHOICES]).default('auto'))
    .option('--out <dir>', 'output directory (default runs/reproduce-lab-<time>); an interrupted one is continued')
    .option('--json', 'print only results.json to stdout')
    .action(async (opts: LabFlags) => {
      await reproduceLocally('lab', labOptionsFromFlags(opts), opts);
    });
  registerCifar(reproduce);
}
