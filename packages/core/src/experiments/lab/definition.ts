import { z } from 'zod';
import { CoreError } from '../../errors.js';
import { BACKEND_CHOICES } from '../ddae/types.js';
import type { ExperimentDefinition } from '../experiment.js';
import { TABLE2_LAYOUTS } from './paper.js';
import { HIDDEN_ACTIVATIONS, type HiddenActivation } from './types.js';

const positiveInt = z.number().int().positive();
const LAYOUT = /^(none|[1-9]\d*(-[1-9]\d*)*)$/;

/**
 * The lab experiment's options: `aelab reproduce lab` flags, `runs submit --experiment lab` JSON, the web form's
 * fields. Paths (dataDir) are the running machine's.
 */
export const labOptionsSchema = z.strictObject({
  quick: z.boolean().default(false).describe('a cut-down study for a quick look: fewer epochs and layouts (said in the report)'),
  parts: z.array(z.enum(['1', '2', '3'])).min(1).default(['1', '2', '3']).describe('which parts: 1 under-complete, 2 over-complete, 3 stacked classifiers'),
  seeds: positiveInt.max(20).default(1).describe('seeds per Table 2 network (mean ± std over them); parts 1 and 2 use the first'),
  layouts: z.array(z.string().regex(LAYOUT)).min(1).optional().describe('Table 2 hidden layouts to run, e.g. 128,256-256,none (default: all 23 and none)'),
  activations: z.array(z.enum(HIDDEN_ACTIVATIONS)).min(1).optional().describe('hidden units to run (default relu and sigmoid)'),
  maxEpochs: positiveInt.optional().describe('cap on every training stage (smoke tests)'),
  limitTrain: z.number().int().min(20).optional().describe('draw N training digits instead of 8,000 (smoke tests; 80/20 train/validation)'),
  limitTest: z.number().int().min(10).optional().describe('draw N test digits instead of 2,000 (smoke tests)'),
  drawSeed: z.number().int().nonnegative().default(0).describe('seed of the stratified draw from the MNIST files'),
  dataDir: z.string().min(1).optional().describe('folder with mnist/ data files'),
  download: z.boolean().default(true).describe('download missing MNIST files (else the embedded digits)'),
  backend: z.enum(BACKEND_CHOICES).default('auto').describe('tensor backend'),
});
export type LabOptions = z.output<typeof labOptionsSchema>;
export type LabOptionsInput = z.input<typeof labOptionsSchema>;

/** The whole recipe, resolved from the options: what the report prints as its config. */
export interface LabRecipe {
  mode: 'standard' | 'quick';
  parts: (1 | 2 | 3)[];
  seeds: number[];
  data: { drawSeed: number; train: number; test: number; validationFraction: number };
  /** Shared by every network, as the lab report states for its stacks. */
  sgd: { learningRate: number; momentum: number; batchSize: number; initStd: number };
  /** Stop when the validation loss improves by less than minDelta (Keras EarlyStopping with patience 0). */
  earlyStopping: { minDelta: number; patience: number };
  under: { units: number[]; activations: HiddenActivation[]; maxEpochs: number };
  over: {
    units: number;
    activations: HiddenActivation[];
    lambdas: number[];
    sigmas: number[];
    maxEpochs: number;
    tileUnits: number[];
    /**
     * Activity penalties summed over the batch's digits, as standalone Keras 2 (the report's library) adds an
     * activity_regularizer's value; tf.keras later divides it by the batch size. Implemented as λ × batch size on
     * aelab's per-digit mean.
     */
    activityBatchSum: boolean;
  };
  stacks: { layouts: string[]; activations: HiddenActivation[]; pretrainMaxEpochs: number; fineTuneMaxEpochs: number; batchNormReLU: boolean };
  /** A code value counts as quiet when |a| < threshold; see the report's definition. */
  sparsenessThreshold: number;
}

const QUICK_LAYOUTS = ['128', '256-256', '512-256-128', 'none'];

export function resolveLabRecipe(options: LabOptions): LabRecipe {
  const quick = options.quick;
  const cap = (n: number) => Math.min(n, options.maxEpochs ?? n);
  const activations = options.activations ?? [...HIDDEN_ACTIVATIONS];
  const layouts = options.layouts ?? (quick ? QUICK_LAYOUTS : [...TABLE2_LAYOUTS, 'none']);
  for (const l of layouts) {
    if (l !== 'none' && l.split('-').length > 3) throw new CoreError('INVALID_OPTIONS', `layout ${l}: the lab's stacks have at most three hidden layers`);
  }
  return {
    mode: quick ? 'quick' : 'standard',
    parts: [...new Set(options.parts)].sort().map((p) => Number(p) as 1 | 2 | 3),
    seeds: Array.from({ length: options.seeds }, (_, i) => i),
    data: { drawSeed: options.drawSeed, train: options.limitTrain ?? 8000, test: options.limitTest ?? 2000, validationFraction: 0.2 },
    sgd: { learningRate: 0.1, momentum: 0.9, batchSize: 32, initStd: 0.05 },
    earlyStopping: { minDelta: 1e-6, patience: 1 },
    under: { units: [128, 256, 512], activations, maxEpochs: cap(quick ? 4 : 50) },
    over: { units: 1024, activations, lambdas: [1e-5, 1e-7], sigmas: [0.1, 0.3], maxEpochs: cap(quick ? 3 : 50), tileUnits: [100, 200, 400], activityBatchSum: true },
    stacks: { layouts, activations, pretrainMaxEpochs: cap(quick ? 2 : 30), fineTuneMaxEpochs: cap(quick ? 6 : 50), batchNormReLU: true },
    sparsenessThreshold: 0.05,
  };
}

export const labDefinition: ExperimentDefinition<typeof labOptionsSchema> = {
  name: 'lab',
  title: 'Lab 4: autoencoders on binary MNIST (under-/over-complete, sparseness, stacked classifiers)',
  description:
    "The lab report's study end to end: under-complete 784-h-784 autoencoders (Figs. 1-2), the over-complete 1,024-unit model with L1/L2 " +
    'penalties (on activations and on weights) and input noise (Figs. 3-8, Table 1), and greedy stacks fine-tuned with a softmax for ' +
    "the 23 layouts of Table 2 (Fig. 9), with the report's numbers beside ours.",
  source: { document: '003_ed91a1c79e5000d3.txt', title: 'Cedergren, Törnégren & Xiong, Short report on lab assignment 4' },
  options: labOptionsSchema,
  quickOptions: { quick: true },
  tables: [
    { id: 'sparseness', title: 'Table 1: sparseness of the 1,024-unit codes (the penalty form that reproduces the report)' },
    { id: 'sparseness-other', title: 'Table 1 with the other penalty form' },
    { id: 'classification', title: 'Table 2: test accuracy of the stacked classifiers, mean ± std over seeds, epochs and seconds' },
    { id: 'under', title: 'Under-complete models: final training and validation error' },
  ],
  figures: [
    { id: 'curves-under', title: 'Training and validation error, under-complete (Fig. 1)' },
    { id: 'reconstructions-under', title: 'Digits and reconstructions, under-complete (Fig. 2)' },
    { id: 'curves-over', title: 'Training and validation error, over-complete (Figs. 3-4)' },
    { id: 'reconstructions-over', title: 'Digits and reconstructions, over-complete (Fig. 5)' },
    { id: 'tiles', title: 'Encoder weights of 100, 200 and 400 unit models (Figs. 6-8)' },
    { id: 'stack-weights', title: 'Weights of each hidden layer of one stack (Fig. 9)' },
  ],
  sections: ['verdict', 'data', 'part 1', 'part 2', 'part 3', 'environment', 'config'],
};
