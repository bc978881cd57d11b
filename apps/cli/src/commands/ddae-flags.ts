import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { ddae } from '@aelab/core';
import { CliError } from '../errors.js';

/**
 * The DDAE experiment's flags, in one place for `aelab reproduce ddae` (runs here) and `aelab runs submit
 * --experiment ddae` (runs on a server). Both turn them into the same options object with `ddaeOptionsFromFlags`.
 */
export interface DdaeFlags {
  dataset: string;
  dataDir?: string;
  /** `--no-download`: only `reproduce` has it (a server never downloads). */
  download?: boolean;
  seeds?: number;
  quick?: boolean;
  full?: boolean;
  splitFile?: string;
  backend: string;
  config?: string;
  models?: string;
  recipe?: string;
  holdout?: boolean;
  limitTrain?: number;
  limitTest?: number;
}

/** Where the experiment runs: paths are this machine's (`local`) or the server's (`server`, sent as given). */
export type RunsOn = 'local' | 'server';

/** The option names `addDdaeOptions` adds, as commander keys (to tell experiment flags apart from others). */
export const DDAE_FLAG_KEYS = ['dataset', 'dataDir', 'seeds', 'quick', 'full', 'splitFile', 'backend', 'config', 'models', 'recipe', 'holdout', 'limitTrain', 'limitTest'] as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

const DATASETS = ['mnist', 'usps', 'mnist-full', 'all'];

/**
 * Adds the DDAE options to `cmd`. `--config` is left out when the command already has one (`runs submit`, where
 * with `--experiment` it names the recipe overrides).
 */
export function addDdaeOptions(cmd: Command, runsOn: RunsOn): Command {
  const where = runsOn === 'server' ? " on the server's machine (default: the server's --data-dir)" : " (default: the datasets package's lookup; embedded MNIST digits offline)";
  cmd
    .addOption(new Option('--dataset <name>', 'which table: mnist (6,000/1,000), usps (7,291/2,007), mnist-full (60,000/10,000) or all').default('mnist'))
    .option('--data-dir <dir>', `folder with mnist/ and usps/ data files${where}`)
    .option('--seeds <n>', 'seeds for the stack rows and KELM (default 3; 1 with --quick); ELM/RELM always use 10', positiveInt)
    .option('--quick', 'a cut-down recipe that finishes in minutes (fewer epochs, narrower layers, smaller grids)')
    .option('--full', 'the whole 60,000/10,000 MNIST instead of the 6,000/1,000 draw (needs the MNIST files; KELM uses Nystrom)')
    .option('--split-file <file>', `MNIST train/test indices into the 10,000 embedded digits${runsOn === 'server' ? " (a path on the server's machine)" : ', e.g. ../shared/reference/mnist_split_seed0.json'}`)
    .addOption(new Option('--backend <name>', 'tensor backend').choices([...ddae.BACKEND_CHOICES]).default('auto'))
    .option('--models <list>', `comma-separated subset of ${ddae.MODEL_NAMES.join(',')}`)
    .addOption(new Option('--recipe <name>', "faithful: the paper's rows; improved: also DDAE+ (and DDAE+U on MNIST, unlabelled pretraining), with the ablation in holdout mode").choices(['faithful', 'improved']))
    .option('--holdout', 'score on a validation fifth of the training data instead of the test split (for choosing recipes)')
    .option('--limit-train <n>', 'keep a stratified N of the training samples (smoke tests)', positiveInt)
    .option('--limit-test <n>', 'keep a stratified N of the test samples (smoke tests)', positiveInt);
  if (!cmd.options.some((o) => o.long === '--config')) cmd.option('--config <file>', 'JSON overriding any part of the recipe (see results.json "config" for the fields)');
  return cmd;
}

function parseModels(list: string): string[] {
  const names = list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  // `ddae+u` upper-cases to the row's own name, so the improved rows need no special case.
  for (const n of names) {
    if (!(ddae.MODEL_NAMES as readonly string[]).includes(n)) throw new CliError('INVALID_OPTIONS', `unknown model "${n}" (use ${ddae.MODEL_NAMES.join(', ')})`);
  }
  return names;
}

export async function readRecipeFile(file: string): Promise<Record<string, unknown>> {
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

/** The DDAE flags as the experiment's options: the same object for `reproduce ddae` and `runs submit --experiment ddae`. */
export async function ddaeOptionsFromFlags(opts: DdaeFlags, runsOn: RunsOn = 'local'): Promise<ddae.DdaeOptionsInput> {
  if (!DATASETS.includes(opts.dataset)) throw new CliError('INVALID_OPTIONS', `unknown dataset "${opts.dataset}" (use mnist, usps, mnist-full or all)`);
  const path = (p: string) => (runsOn === 'local' ? resolve(p) : p);
  const options: ddae.DdaeOptionsInput = {
    dataset: opts.dataset as ddae.DdaeOptionsInput['dataset'],
    full: opts.full === true,
    quick: opts.quick === true,
    holdout: opts.holdout === true,
    backend: opts.backend as ddae.DdaeOptionsInput['backend'],
  };
  // A server decides downloads itself (it never downloads on a caller's behalf).
  if (runsOn === 'local') options.download = opts.download !== false;
  if (opts.seeds !== undefined) options.seeds = opts.seeds;
  if (opts.dataDir) options.dataDir = path(opts.dataDir);
  if (opts.splitFile) options.splitFile = path(opts.splitFile);
  if (opts.models) options.models = parseModels(opts.models) as ddae.DdaeOptionsInput['models'];
  if (opts.recipe) options.recipe = opts.recipe as ddae.DdaeOptionsInput['recipe'];
  if (opts.limitTrain) options.limitTrain = opts.limitTrain;
  if (opts.limitTest) options.limitTest = opts.limitTest;
  if (opts.config) options.config = await readRecipeFile(opts.config);
  return options;
}
