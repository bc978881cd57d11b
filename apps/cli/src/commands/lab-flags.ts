import { resolve } from 'node:path';
import { lab } from '@aelab/core';
import { BACKEND_FLAG, dataDirFlag, noDownloadFlag, parseList, positiveInt, type DataFlags, type ExperimentFlags, type FlagSpec, type RunsOn } from './experiment-flags.js';

/**
 * The lab experiment's flags, in one place for `aelab reproduce lab` (runs here) and `aelab runs submit --experiment
 * lab` (runs on a server), which send the same options object (`labOptionsFromFlags`).
 */
export interface LabFlags extends DataFlags {
  quick?: boolean;
  parts?: string;
  seeds?: number;
  layouts?: string;
  activations?: string;
  maxEpochs?: number;
  limitTrain?: number;
  limitTest?: number;
}

const specs: FlagSpec[] = [
  { flags: '--quick', description: 'a cut-down study (fewer epochs and layouts, said in the report) that finishes in minutes' },
  { flags: '--parts <list>', description: 'which parts, e.g. 1,2,3 (default all)' },
  { flags: '--seeds <n>', description: 'seeds per Table 2 network (default 1; parts 1 and 2 use the first)', parse: positiveInt },
  { flags: '--layouts <list>', description: 'Table 2 layouts to run, e.g. 128,256-256,none (default all 23 and none)' },
  { flags: '--activations <list>', description: 'relu, sigmoid or both (default both)' },
  { flags: '--max-epochs <n>', description: 'cap on every training stage (smoke tests)', parse: positiveInt },
  { flags: '--limit-train <n>', description: 'draw N training digits instead of 8,000 (smoke tests)', parse: positiveInt },
  { flags: '--limit-test <n>', description: 'draw N test digits instead of 2,000 (smoke tests)', parse: positiveInt },
  dataDirFlag("folder with mnist/ data files (default: the datasets package's lookup; embedded digits offline)"),
  noDownloadFlag('never download data files (then the embedded digits)'),
  BACKEND_FLAG,
];

/** The lab flags as the experiment's options: the same object for `reproduce lab` and `runs submit --experiment lab`. */
export function labOptionsFromFlags(opts: LabFlags, runsOn: RunsOn = 'local'): lab.LabOptionsInput {
  const options: lab.LabOptionsInput = { quick: opts.quick === true, backend: opts.backend as lab.LabOptionsInput['backend'] };
  // A server decides downloads itself (it never downloads on a caller's behalf), and reads paths as its own.
  if (runsOn === 'local') options.download = opts.download !== false;
  if (opts.parts) options.parts = parseList('--parts', opts.parts, ['1', '2', '3'] as const);
  if (opts.seeds !== undefined) options.seeds = opts.seeds;
  if (opts.layouts) options.layouts = parseList('--layouts', opts.layouts, null);
  if (opts.activations) options.activations = parseList('--activations', opts.activations, lab.HIDDEN_ACTIVATIONS);
  if (opts.maxEpochs !== undefined) options.maxEpochs = opts.maxEpochs;
  if (opts.limitTrain !== undefined) options.limitTrain = opts.limitTrain;
  if (opts.limitTest !== undefined) options.limitTest = opts.limitTest;
  if (opts.dataDir) options.dataDir = runsOn === 'local' ? resolve(opts.dataDir) : opts.dataDir;
  return options;
}

export const labFlags: ExperimentFlags = {
  name: 'lab',
  schema: lab.labOptionsSchema,
  specs,
  fromFlags: (values, runsOn) => labOptionsFromFlags(values as unknown as LabFlags, runsOn) as Record<string, unknown>,
};
