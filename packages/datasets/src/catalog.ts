import { DatasetError } from './errors.js';
import { isDatasetName, type DatasetName } from './types.js';

export const DIGIT_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

export interface DatasetInfo {
  name: DatasetName;
  description: string;
  /** Shape of one sample (gaussian: the default dimension). */
  shape: number[];
  classNames: string[];
  /** Canonical record counts per split (gaussian: the default per split). */
  splits: { train: number; test: number };
  /** The folder inside a data dir or the cache that holds the files; absent for generated data. */
  folder?: string;
}

const mnist: DatasetInfo = {
  name: 'mnist',
  description: 'MNIST handwritten digits, 28x28 grey (IDX files); falls back to 10,000 embedded digits offline',
  shape: [28, 28, 1],
  classNames: DIGIT_CLASS_NAMES,
  splits: { train: 60000, test: 10000 },
  folder: 'mnist',
};

const catalog: Record<DatasetName, DatasetInfo> = {
  mnist,
  // Binarised as it is loaded: everything else, the files included, is mnist's.
  'mnist-binary': { ...mnist, name: 'mnist-binary', description: 'MNIST binarised at 0.5 (pixels 0 or 1); same files as mnist' },
  usps: {
    name: 'usps',
    description: 'USPS handwritten digits, 16x16 grey (ESL text format zip.train.gz / zip.test.gz)',
    shape: [16, 16, 1],
    classNames: DIGIT_CLASS_NAMES,
    splits: { train: 7291, test: 2007 },
    folder: 'usps',
  },
  cifar10: {
    name: 'cifar10',
    description: 'CIFAR-10 colour images, 32x32x3 (binary version: data_batch_1..5.bin, test_batch.bin)',
    shape: [32, 32, 3],
    classNames: CIFAR10_CLASS_NAMES,
    splits: { train: 50000, test: 10000 },
    folder: 'cifar10',
  },
  gaussian: {
    name: 'gaussian',
    description: 'Seeded Gaussian clusters (k clusters in d dimensions), generated in memory',
    shape: [2],
    classNames: ['cluster 0', 'cluster 1', 'cluster 2'],
    splits: { train: 300, test: 300 },
  },
};

export function listDatasets(): DatasetInfo[] {
  return Object.values(catalog);
}

export function datasetInfo(name: string): DatasetInfo {
  if (!isDatasetName(name)) {
    throw new DatasetError('UNKNOWN_DATASET', `unknown dataset "${name}" (known: ${Object.keys(catalog).join(', ')})`);
  }
  return catalog[name];
}
