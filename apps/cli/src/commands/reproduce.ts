import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ddae, formatDuration, lab, type ReportTable } from '@aelab/core';
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
  recipe?: string;
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
  // `ddae+u` upper-cases to the row's own name, so the improved rows need no special case.
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
  if (opts.recipe) options.recipe = opts.recipe as ddae.DdaeOptionsInput['recipe'];
  if (opts.limitTrain) options.limitTrain = opts.limitTrain;
  if (opts.limitTest) options.limitTest = opts.limitTest;
  if (opts.config) options.config = await readConfigFile(opts.config);
  return options;
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
    .addOption(new Option('--recipe <name>', 'faithful: the paper\'s rows; improved: also DDAE+ (and DDAE+U on MNIST, unlabelled pretraining), with the ablation in holdout mode').choices(['faithful', 'improved']))
    .option('--config <file>', 'JSON overriding any part of the recipe (see results.json "config" for the fields)')
    .option('--holdout', 'score on a validation fifth of the training data instead of the test split (for choosing recipes)')
    .option('--limit-train <n>', 'keep a stratified N of the training samples (smoke tests)', positiveInt)
    .option('--limit-test <n>', 'keep a stratified N of the test samples (smoke tests)', positiveInt)
    .action(async (opts: DdaeFlags) => {
      const options = await ddaeOptionsFromFlags(opts);
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
}
