import type { ReproduceConfig } from './config.js';
import { summarize, type SummaryEntry } from './summary.js';
import type { ModelName, ResultRow, TableDataset } from './types.js';

/** results.json: the finished rows, their summary and the config that produced them. */
export interface ResultsDocument {
  rows: ResultRow[];
  summary: SummaryEntry[];
  config: ReproduceConfig;
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

/** Everything else the report shows: environment, provenance, timings. Written as run.json next to results.json. */
export interface RunInfo {
  status: 'running' | 'complete' | 'stopped' | 'failed';
  command: string;
  startedAt: string;
  finishedAt: string | null;
  totalSeconds: number;
  backend: { name: string; note: string };
  versions: Record<string, string>;
  host: { platform: string; cpus: number; cpuModel: string };
  datasets: DatasetInfo[];
  skipped: { dataset: string; reason: string }[];
  notes: string[];
  selections: Selection[];
  figures: Figure[];
  models: { file: string; dataset: TableDataset; model: ModelName; seed: number }[];
}

export function resultsDocument(rows: readonly ResultRow[], config: ReproduceConfig): ResultsDocument {
  return { rows: [...rows], summary: summarize(rows), config };
}
