/** The rows of the DDAE paper's Tables 3.1 and 3.2, in the paper's order, then the improved recipe's rows. */
export const MODEL_NAMES = ['ELM', 'RELM', 'KELM', 'AE', 'SAE', 'DAE', 'DDAE', 'DDAE+', 'DDAE+U'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * The improved recipe's rows: `DDAE+` learns from the paper's training samples only; `DDAE+U` (MNIST) also
 * pretrains its autoencoders on the remaining unlabelled MNIST training digits, so it is never the headline.
 */
export const IMPROVED_MODELS = ['DDAE+', 'DDAE+U'] as const;
export type ImprovedModelName = (typeof IMPROVED_MODELS)[number];

export function isImprovedModel(model: ModelName): model is ImprovedModelName {
  return (IMPROVED_MODELS as readonly string[]).includes(model);
}

/** How the report names a row. */
export const MODEL_LABELS: Record<ModelName, string> = {
  ELM: 'ELM',
  RELM: 'RELM',
  KELM: 'KELM',
  AE: 'AE',
  SAE: 'SAE',
  DAE: 'DAE',
  DDAE: 'DDAE',
  'DDAE+': 'DDAE+',
  'DDAE+U': 'DDAE+U (unlabelled pretraining)',
};

/** The stacked-autoencoder rows: each is a two-level greedy stack whose codes feed a KELM. */
export const STACK_MODELS = ['AE', 'SAE', 'DAE', 'DDAE'] as const;
export type StackModelName = (typeof STACK_MODELS)[number];

/** `mnist` is the paper's 6,000/1,000 draw; `mnist-full` the whole 60,000/10,000. */
export const TABLE_DATASETS = ['usps', 'mnist', 'mnist-full'] as const;
export type TableDataset = (typeof TABLE_DATASETS)[number];

/** One fitted model scored once on its dataset's test split. Accuracies are fractions in [0, 1]. */
export interface ResultRow {
  model: ModelName;
  dataset: TableDataset;
  seed: number;
  trainAccuracy: number;
  testAccuracy: number;
  /** Wall time of the row: for stacks and KELM feature learning, selection, the final fit and scoring; for ELM/RELM the seed's own fit and scoring. */
  seconds: number;
}

export function isStackModel(model: ModelName): model is StackModelName {
  return (STACK_MODELS as readonly string[]).includes(model);
}

/** The tensor backends a user may ask for (`auto` picks the fastest that loads). */
export const BACKEND_CHOICES = ['auto', 'node-gpu', 'node', 'webgpu', 'blas', 'wasm', 'cpu'] as const;
