import { loadDataset, stratifiedSample, type Dataset, type LoadOptions } from '@aelab/datasets/node';
import { CoreError } from '../../errors.js';
import type { CifarData, CifarLoader } from '../../experiments/cifar/index.js';

/**
 * CIFAR-10 from files: the training batches (all 50,000, or a seeded stratified subset) and every test image the
 * data holds — the first 1,000 in a partial copy, 10,000 in a full one — unless testSize asks for fewer.
 */
export const loadCifar: CifarLoader = async (recipe, options, note) => {
  const common: Omit<LoadOptions, 'split'> = { name: 'cifar10', download: options.download, onWarning: note, ...(options.dataDir ? { dataDir: options.dataDir } : {}) };
  const train: Dataset = await loadDataset({ ...common, split: 'train' });
  const test: Dataset = await loadDataset({ ...common, split: 'test' });
  if (recipe.trainSize !== null && recipe.trainSize > train.count) {
    throw new CoreError('INVALID_OPTIONS', `trainSize ${recipe.trainSize} is larger than the ${train.count} training images in ${train.meta.source}; ask for ${train.count} or fewer`);
  }
  if (recipe.testSize !== null && recipe.testSize > test.count) {
    throw new CoreError(
      'INVALID_OPTIONS',
      `testSize ${recipe.testSize} is larger than the ${test.count} test images in ${test.meta.source}: ask for ${test.count} or fewer, leave it out to use them all, or point --data-dir at a complete copy`,
    );
  }
  const trainPart = recipe.trainSize !== null && recipe.trainSize < train.count ? stratifiedSample(train, recipe.trainSize, recipe.seed) : train;
  const testPart = recipe.testSize !== null && recipe.testSize < test.count ? stratifiedSample(test, recipe.testSize, recipe.seed + 1) : test;
  const data: CifarData = {
    train: trainPart,
    test: testPart,
    info: {
      source: train.meta.source,
      trainCount: trainPart.count,
      testCount: testPart.count,
      testAvailable: test.count,
      warnings: [...train.meta.warnings, ...test.meta.warnings],
    },
  };
  return data;
};
