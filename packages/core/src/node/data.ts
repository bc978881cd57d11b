import { applySplitFileAt, loadDataset, trainValidationSplit, type Dataset } from '@aelab/datasets/node';
import { CoreError } from '../errors.js';
import type { DataConfig } from '../config/data.js';
import { generatedRunData, sizeRunData, type RunData } from '../training/run-data.js';

export interface LoadRunDataOptions {
  /** Default data root when the config names none (the CLI's --data-dir). */
  dataDir?: string;
  cacheDir?: string;
  /** Download missing files (default: the datasets package's default). */
  download?: boolean;
  signal?: AbortSignal;
  onWarning?: (message: string) => void;
}

/**
 * Loads what a run config's `data` describes. Image datasets: the configured split, or both parts of a split file
 * (applied to split `all`, or to the embedded digits with `embedded: true`); the test split is loaded too when
 * `testSize` asks for test samples; then the seeded stratified `trainSize` / `testSize` subsets.
 */
export async function loadRunData(data: DataConfig, seed: number, options: LoadRunDataOptions = {}): Promise<RunData> {
  if (data.name === 'gaussian' || data.name === 'inline') return generatedRunData(data, seed);
  const dataDir = data.dataDir ?? options.dataDir;
  const common = {
    name: data.name,
    ...(dataDir ? { dataDir } : {}),
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.download !== undefined ? { download: options.download } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    ...(data.embedded ? { embedded: true } : {}),
  };
  let train: Dataset;
  let test: Dataset | null = null;
  if (data.splitFile) {
    const all = await loadDataset({ ...common, split: 'all', ...(data.limit ? { limit: data.limit } : {}) });
    ({ train, test } = applySplitFileAt(all, data.splitFile));
  } else {
    train = await loadDataset({ ...common, split: data.embedded ? 'all' : data.split, ...(data.limit ? { limit: data.limit } : {}) });
    // The embedded digits (asked for, or the offline fallback) are one pool: draw disjoint train and test parts.
    const onePool = data.embedded || (train.split === 'all' && data.split !== 'all');
    if (onePool && data.testSize !== undefined) {
      if (data.testSize === 'all') {
        throw new CoreError('INVALID_CONFIG', `data.testSize "all" needs a separate test split; ${train.meta.source} is one pool (give a number of test samples)`);
      }
      const parts = trainValidationSplit(train, { validation: data.testSize, ...(data.trainSize !== undefined ? { train: data.trainSize } : {}), seed });
      options.onWarning?.(`train and test samples are disjoint draws from the same ${train.count} records (${train.meta.source})`);
      return { train: parts.train, test: { ...parts.validation, split: 'test' } };
    }
    if (data.testSize !== undefined && data.split === 'train' && !onePool) test = await loadDataset({ ...common, split: 'test' });
  }
  return sizeRunData(data, { train, test }, seed);
}
