import { summarizeAblation, type AblationEntry, type AblationRecord } from './ablation.js';
import type { RunFacts } from '../experiment.js';
import type { ReproduceConfig } from './config.js';
import { summarize, type SummaryEntry } from './summary.js';
import type { ModelName, ResultRow, TableDataset } from './types.js';

/** results.json: the finished rows, their summary and the config that produced them. */
export interface ResultsDocument {
  rows: ResultRow[];
  summary: SummaryEntry[];
  config: ReproduceConfig;
  /** `ablation`: the improved recipe's candidates and final recipe, per dataset, over seeds. */
  tables: { ablation: AblationEntry[] };
}

/** Where a dataset's table came from, for the report. */
export interface DatasetInfo {
  dataset: TableDataset;
  source: string;
  trainCount: number;
  testCount: number;
  shape: number[];
  /** What the test column measures: the dataset's test split, or a validation split of the training data (holdout). */
  evaluation: 'test' | 'holdout';
  warnings: string[];
}

/** Hyperparameters picked on validation data for one row, with the validation accuracy that picked them. */
export interface Selection {
  dataset: TableDataset;
  model: ModelName;
  seed: number;
  params: Record<string, number | string>;
  validationAccuracy: number;
}

export interface Figure {
  file: string;
  title: string;
  dataset: TableDataset;
  model: ModelName;
  kind: 'weights' | 'reconstruction';
}

/** Where a job's trained stack was saved (aelab's model format), relative to the run directory. */
export interface ModelRef {
  file: string;
  dataset: TableDataset;
  model: ModelName;
  seed: number;
}

/**
 * Everything else the report shows: the run's facts (status, environment, timings), data provenance and what each
 * row chose. Written as run.json next to results.json.
 */
export interface RunInfo extends RunFacts {
  experiment: 'ddae';
  datasets: DatasetInfo[];
  skipped: { dataset: string; reason: string }[];
  selections: Selection[];
  figures: Figure[];
  models: ModelRef[];
}

export function resultsDocument(rows: readonly ResultRow[], config: ReproduceConfig, ablation: readonly AblationRecord[] = []): ResultsDocument {
  return { rows: [...rows], summary: summarize(rows), config, tables: { ablation: summarizeAblation(ablation) } };
}
