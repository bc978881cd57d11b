import { describe, expect, it } from 'vitest';
import { datasetInfo, listDatasets } from './catalog.js';
import { DATASET_NAMES } from './types.js';

describe('catalog', () => {
  it('describes every dataset name', () => {
    expect(listDatasets().map((d) => d.name)).toEqual([...DATASET_NAMES]);
    expect(datasetInfo('usps').splits).toEqual({ train: 7291, test: 2007 });
    expect(datasetInfo('cifar10').shape).toEqual([32, 32, 3]);
  });

  it('rejects an unknown name with UNKNOWN_DATASET', () => {
    expect(() => datasetInfo('svhn')).toThrow(expect.objectContaining({ code: 'UNKNOWN_DATASET' }));
  });
});
