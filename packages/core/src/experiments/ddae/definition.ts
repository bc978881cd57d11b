import { z } from 'zod';
import type { ExperimentDefinition } from '../experiment.js';
import { resolveConfig, type ReproduceConfig } from './config.js';
import { BACKEND_CHOICES, MODEL_NAMES, type TableDataset } from './types.js';

const FAITHFUL_MODELS = ['ELM', 'RELM', 'KELM', 'AE', 'SAE', 'DAE', 'DDAE'] as const;

const positiveInt = z.number().int().positive();

/**
 * The DDAE experiment's options: what `aelab reproduce ddae` takes as flags, `runs submit --experiment ddae` as
 * flags or JSON, and the web form as fields. Paths (dataDir, splitFile) are the running machine's.
 */
export const ddaeOptionsSchema = z.strictObject({
  dataset: z.enum(['mnist', 'usps', 'mnist-full', 'all']).default('mnist').describe('which table: mnist (6,000/1,000), usps (7,291/2,007), mnist-full (60,000/10,000) or all'),
  full: z.boolean().default(false).describe('the whole 60,000/10,000 MNIST instead of the 6,000/1,000 draw'),
  quick: z.boolean().default(false).describe('a cut-down recipe that finishes in minutes'),
  seeds: positiveInt.max(100).optional().describe('seeds for the stack rows and KELM (default 3; 1 with quick); ELM/RELM always use 10'),
  recipe: z.enum(['faithful', 'improved']).default('faithful').describe('faithful: the paper\'s rows; improved: also DDAE+ (and DDAE+U on MNIST), the recipe that tries to beat the paper'),
  models: z.array(z.enum(MODEL_NAMES)).min(1).optional().describe('a subset of the rows (DDAE+ and DDAE+U are the improved recipe\'s)'),
  holdout: z.boolean().default(false).describe('score on a validation fifth of the training data instead of the test split'),
  limitTrain: positiveInt.optional().describe('keep a stratified N of the training samples (smoke tests)'),
  limitTest: positiveInt.optional().describe('keep a stratified N of the test samples (smoke tests)'),
  splitFile: z.string().min(1).optional().describe('MNIST train/test indices into the 10,000 embedded digits'),
  dataDir: z.string().min(1).optional().describe('folder with mnist/ and usps/ data files'),
  download: z.boolean().default(true).describe('download missing data files'),
  backend: z.enum(BACKEND_CHOICES).default('auto').describe('tensor backend'),
  config: z.record(z.string(), z.unknown()).optional().describe('JSON overriding any part of the recipe'),
});
export type DdaeOptions = z.output<typeof ddaeOptionsSchema>;
export type DdaeOptionsInput = z.input<typeof ddaeOptionsSchema>;

/** `dataset` and `full` to the list of tables: `full` swaps the 6,000/1,000 MNIST draw for the whole set. */
export function tablesFor(dataset: DdaeOptions['dataset'], full: boolean): TableDataset[] {
  switch (dataset) {
    case 'mnist':
      return full ? ['mnist-full'] : ['mnist'];
    case 'usps':
      return ['usps'];
    case 'mnist-full':
      return ['mnist-full'];
    case 'all':
      return full ? ['usps', 'mnist', 'mnist-full'] : ['usps', 'mnist'];
  }
}

/** The options to the full recipe: profile, then the user's partial config, then the options themselves. */
export function resolveDdaeConfig(options: DdaeOptions): ReproduceConfig {
  const overrides: Record<string, unknown> = {
    datasets: tablesFor(options.dataset, options.full),
    backend: options.backend,
    holdout: options.holdout,
    download: options.download,
  };
  if (options.seeds !== undefined) overrides.seeds = Array.from({ length: options.seeds }, (_, i) => i);
  if (options.dataDir) overrides.dataDir = options.dataDir;
  if (options.splitFile) overrides.mnist = { splitFile: options.splitFile };
  if (options.models) overrides.models = options.models;
  else if (options.recipe === 'improved') overrides.models = [...FAITHFUL_MODELS, 'DDAE+', 'DDAE+U'];
  if (options.limitTrain) overrides.limitTrain = options.limitTrain;
  if (options.limitTest) overrides.limitTest = options.limitTest;
  return resolveConfig(options.quick ? 'quick' : 'standard', options.config ?? {}, overrides);
}

export const ddaeDefinition: ExperimentDefinition<typeof ddaeOptionsSchema> = {
  name: 'ddae',
  title: 'DDAE: DropConnect stacked autoencoder + kernel ELM',
  description:
    "The DDAE paper's Tables 3.1 (USPS) and 3.2 (MNIST): ELM, RELM, KELM, AE, SAE, DAE and DDAE, with the paper's numbers side by side, " +
    'and its Figs. 3.5 (first-level weights) and 3.6 (reconstructions).',
  source: { document: '000_835aa5227f1e646b.txt', title: 'Pan & Zhao, Deep Autoencoder Model Construction Based on DropConnect' },
  options: ddaeOptionsSchema,
  quickOptions: { quick: true, limitTrain: 600, limitTest: 200 },
  tables: [
    { id: 'results', title: 'Test accuracy per row, mean ± std over seeds, beside the paper and the reference' },
    { id: 'ablation', title: 'Ablation of the improved recipe (DDAE+): candidates on validation data, the final recipe on test' },
    { id: 'selections', title: 'Hyperparameters chosen on validation data' },
  ],
  figures: [
    { id: 'weights', title: 'First-level weights of AE, SAE, DAE and DDAE (Fig. 3.5)' },
    { id: 'reconstructions', title: 'Test digits and their first-level reconstructions (Fig. 3.6)' },
  ],
  sections: ['verdict', 'results', 'selections', 'figures', 'data', 'environment', 'config'],
};
