import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { cifar } from '@aelab/core';
import { BACKEND_FLAG, dataDirFlag, noDownloadFlag, nonNegativeInt, positiveInt, type DataFlags, type ExperimentFlags, type FlagSpec, type RunsOn } from './experiment-flags.js';

/**
 * The CIFAR-10 experiment's flags, in one place for `aelab reproduce cifar` (runs here) and `aelab runs submit
 * --experiment cifar` (runs on a server), which send the same options object (`cifarOptionsFromFlags`).
 */
export interface CifarFlags extends DataFlags {
  quick?: boolean;
  epochs?: number;
  trainSize?: number;
  testSize?: number;
  seed?: number;
  threads?: number;
}

const specs: FlagSpec[] = [
  { flags: '--quick', description: `a cut-down run that finishes in minutes (${cifar.QUICK.trainSize.toLocaleString('en-US')} training images, ${cifar.QUICK.epochs} epochs)` },
  { flags: '--epochs <n>', description: "training epochs (default 100, the document's; 2 with --quick)", parse: positiveInt },
  { flags: '--train-size <n>', description: 'a seeded stratified subset of the training images (default all 50,000)', parse: positiveInt },
  { flags: '--test-size <n>', description: 'test images to score on (default every one the data has)', parse: positiveInt },
  { flags: '--seed <n>', description: 'seed of the weights, the shuffling and the subsets (default 0)', parse: nonNegativeInt },
  dataDirFlag("folder holding cifar10/ (default: the datasets package's lookup, AELAB_DATA_DIR)"),
  noDownloadFlag('never download CIFAR-10 (170 MB)'),
  BACKEND_FLAG,
  {
    flags: '--threads <n>',
    description: (on) => `backend threads: XNNPACK for wasm, OpenBLAS for blas (default: ${on === 'server' ? "the server's choice" : `this machine's ${availableParallelism()} cores`})`,
    parse: positiveInt,
  },
];

/** The cifar flags as the experiment's options: the same object for `reproduce cifar` and `runs submit --experiment cifar`. */
export function cifarOptionsFromFlags(opts: CifarFlags, runsOn: RunsOn = 'local'): cifar.CifarOptionsInput {
  const options: cifar.CifarOptionsInput = { quick: opts.quick === true, backend: opts.backend as cifar.CifarOptionsInput['backend'] };
  if (opts.epochs !== undefined) options.epochs = opts.epochs;
  if (opts.trainSize !== undefined) options.trainSize = opts.trainSize;
  if (opts.testSize !== undefined) options.testSize = opts.testSize;
  if (opts.seed !== undefined) options.seed = opts.seed;
  if (runsOn === 'server') {
    // The server's machine, its data and its cores: paths go as given, and threads only when asked for.
    if (opts.dataDir) options.dataDir = opts.dataDir;
    if (opts.threads !== undefined) options.threads = opts.threads;
    return options;
  }
  options.download = opts.download !== false;
  if (opts.dataDir) options.dataDir = resolve(opts.dataDir);
  const threads = opts.threads ?? (process.env.AELAB_WASM_THREADS || process.env.AELAB_BLAS_THREADS ? undefined : availableParallelism());
  if (threads !== undefined) options.threads = threads;
  return options;
}

export const cifarFlags: ExperimentFlags = {
  name: 'cifar',
  schema: cifar.cifarOptionsSchema,
  specs,
  fromFlags: (values, runsOn) => cifarOptionsFromFlags(values as unknown as CifarFlags, runsOn) as Record<string, unknown>,
};
