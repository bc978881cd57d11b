import { z } from 'zod';
import type { ExperimentDefinition } from '../experiment.js';
import { BACKEND_CHOICES } from '../ddae/types.js';
import { CIFAR_PAPER } from './paper.js';

const positiveInt = z.number().int().positive();

/**
 * The CIFAR-10 experiment's options: `aelab reproduce cifar` flags, `runs submit --experiment cifar` input and the
 * web form's fields. Paths are the running machine's.
 */
export const cifarOptionsSchema = z.strictObject({
  quick: z.boolean().default(false).describe('a cut-down run that finishes in minutes (5,120 training images, 2 epochs)'),
  epochs: positiveInt.max(10_000).optional().describe('training epochs (default 100, the document\'s; 2 with quick)'),
  trainSize: positiveInt.optional().describe('a seeded stratified subset of the 50,000 training images (default all; 5,120 with quick)'),
  testSize: positiveInt.optional().describe('test images to score on (default every one the data has: 10,000 in a full copy)'),
  seed: z.number().int().min(0).default(0).describe('seed of the weights, the shuffling and the subsets'),
  dataDir: z.string().min(1).optional().describe('folder holding cifar10/ (data_batch_1..5.bin, test_batch.bin)'),
  download: z.boolean().default(true).describe('download CIFAR-10 (170 MB) when no data files are found'),
  backend: z.enum(BACKEND_CHOICES).default('auto').describe('tensor backend'),
  threads: positiveInt.max(256).optional().describe('backend threads: XNNPACK for wasm, OpenBLAS for blas (default: every core)'),
});
export type CifarOptions = z.output<typeof cifarOptionsSchema>;
export type CifarOptionsInput = z.input<typeof cifarOptionsSchema>;

/** The recipe the options resolve to: the document's, cut down by `quick` and the explicit sizes. */
export interface CifarRecipe {
  mode: 'standard' | 'quick';
  epochs: number;
  trainSize: number | null;
  testSize: number | null;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const QUICK = { trainSize: 5120, epochs: 2 } as const;

export function resolveCifarRecipe(options: CifarOptions): CifarRecipe {
  return {
    mode: options.quick ? 'quick' : 'standard',
    epochs: options.epochs ?? (options.quick ? QUICK.epochs : CIFAR_PAPER.epochs),
    trainSize: options.trainSize ?? (options.quick ? QUICK.trainSize : null),
    testSize: options.testSize ?? null,
    batchSize: CIFAR_PAPER.batchSize,
    learningRate: CIFAR_PAPER.learningRate,
    seed: options.seed,
  };
}

export const cifarDefinition: ExperimentDefinition<typeof cifarOptionsSchema> = {
  name: 'cifar',
  title: 'Convolutional autoencoder on CIFAR-10 (1,495 parameters)',
  description:
    "The CIFAR-10 document's conv autoencoder trained by its recipe (BCE, Adam 0.001, batches of 128, 100 epochs): loss per " +
    'iteration in its windows, per-epoch train and test loss, training time, test BCE and reconstructions, beside its numbers.',
  source: { document: CIFAR_PAPER.document, title: CIFAR_PAPER.title },
  options: cifarOptionsSchema,
  quickOptions: { quick: true },
  tables: [
    { id: 'comparison', title: "The document's numbers beside this run's" },
    { id: 'epochs', title: 'Training and test BCE per epoch' },
  ],
  figures: [
    { id: 'loss-0-500', title: 'Training BCE per iteration, iterations 0-500 (Figure 4)' },
    { id: 'loss-500-2500', title: 'Training BCE per iteration, iterations 500-2,500' },
    { id: 'loss-all', title: 'Training BCE per iteration, the whole run (Figure 5)' },
    { id: 'loss-epochs', title: 'Training and test BCE per epoch' },
    { id: 'time', title: 'Training time against iterations (Figure 6)' },
    { id: 'reconstructions', title: 'Test images and their reconstructions (Figures 7-9)' },
  ],
  sections: ['comparison', 'figures', 'epochs', 'data', 'environment', 'recipe'],
};
