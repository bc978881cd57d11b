import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ddae } from '@aelab/core';
import { CliError } from '../errors.js';
import { BACKEND_FLAG, dataDirFlag, noDownloadFlag, positiveInt, type DataFlags, type ExperimentFlags, type FlagSpec, type RunsOn } from './experiment-flags.js';

/**
 * The DDAE experiment's flags, in one place for `aelab reproduce ddae` (runs here) and `aelab runs submit
 * --experiment ddae` (runs on a server). Both turn them into the same options object with `ddaeOptionsFromFlags`.
 */
export interface DdaeFlags extends DataFlags {
  dataset: string;
  seeds?: number;
  quick?: boolean;
  full?: boolean;
  splitFile?: string;
  config?: string;
  models?: string;
  recipe?: string;
  holdout?: boolean;
  limitTrain?: number;
  limitTest?: number;
}

export type { RunsOn };

const DATASETS = ['mnist', 'usps', 'mnist-full', 'all'];

const specs: FlagSpec[] = [
  { flags: '--dataset <name>', description: 'which table: mnist (6,000/1,000), usps (7,291/2,007), mnist-full (60,000/10,000) or all', defaultValue: 'mnist' },
  dataDirFlag("folder with mnist/ and usps/ data files (default: the datasets package's lookup; embedded MNIST digits offline)"),
  noDownloadFlag('never download data files (MNIST then uses the embedded digits)'),
  { flags: '--seeds <n>', description: 'seeds for the stack rows and KELM (default 3; 1 with --quick); ELM/RELM always use 10', parse: positiveInt },
  { flags: '--quick', description: 'a cut-down recipe that finishes in minutes (fewer epochs, narrower layers, smaller grids)' },
  { flags: '--full', description: 'the whole 60,000/10,000 MNIST instead of the 6,000/1,000 draw (needs the MNIST files; KELM uses Nystrom)' },
  {
    flags: '--split-file <file>',
    description: (on) => `MNIST train/test indices into the 10,000 embedded digits${on === 'server' ? " (a path on the server's machine)" : ', e.g. ../shared/reference/mnist_split_seed0.json'}`,
  },
  BACKEND_FLAG,
  { flags: '--models <list>', description: `comma-separated subset of ${ddae.MODEL_NAMES.join(',')}` },
  {
    flags: '--recipe <name>',
    description: "faithful: the paper's rows; improved: also DDAE+ (and DDAE+U on MNIST, unlabelled pretraining), with the ablation in holdout mode",
    choices: ['faithful', 'improved'],
  },
  { flags: '--holdout', description: 'score on a validation fifth of the training data instead of the test split (for choosing recipes)' },
  { flags: '--limit-train <n>', description: 'keep a stratified N of the training samples (smoke tests)', parse: positiveInt },
  { flags: '--limit-test <n>', description: 'keep a stratified N of the test samples (smoke tests)', parse: positiveInt },
  // `runs submit` has its own --config, which with --experiment names these overrides.
  { flags: '--config <file>', description: 'JSON overriding any part of the recipe (see results.json "config" for the fields)' },
];

function parseModels(list: string): string[] {
  const names = list
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
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

export const ddaeFlags: ExperimentFlags = {
  name: 'ddae',
  schema: ddae.ddaeOptionsSchema,
  specs,
  fromFlags: (values, runsOn) => ddaeOptionsFromFlags(values as unknown as DdaeFlags, runsOn) as Promise<Record<string, unknown>>,
};
