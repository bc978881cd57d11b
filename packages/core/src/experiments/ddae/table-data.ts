import type { DatasetInfo } from './results.js';
import type { LabelledSet, Matrix } from '../../pipelines/labelled.js';
import type { TableDataset } from './types.js';

export type { LabelledSet, Matrix } from '../../pipelines/labelled.js';

/** One table's data: what the models train on and what they are scored on. */
export interface TableData {
  dataset: TableDataset;
  train: LabelledSet;
  test: LabelledSet;
  /** Height and width of one image, for weight maps and reconstructions. */
  imageShape: [number, number];
  classes: number;
  info: DatasetInfo;
  /** Training images outside the table's draw, labels unused: only the DDAE+U row pretrains on them. */
  unlabelled?: Matrix;
}

