import { loadDataset, stratifiedSample, trainValidationSplit, type Dataset } from '@aelab/datasets/node';
import type { LabData, LabDataLoader } from '../../experiments/lab/index.js';
import type { LabelledSet as LabelledSetOf } from '../../pipelines/labelled.js';

function toSet(ds: Dataset): LabelledSetOf {
  const cols = ds.features.length / Math.max(1, ds.count);
  return { x: { data: ds.features, rows: ds.count, cols }, y: ds.labels };
}

/**
 * The lab's digits: binary MNIST (pixel/255 > 0.5), a stratified seeded draw of `train` training and `test` test
 * digits from the MNIST files, the training draw split 80/20 into train and validation. With no MNIST files to be
 * had, both draws come from disjoint parts of the 10,000 embedded digits, and the report says so.
 */
export const loadLabData: LabDataLoader = async (recipe, note, options) => {
  const { drawSeed, train: nTrain, test: nTest, validationFraction } = recipe.data;
  const base = { name: 'mnist-binary', download: options.download, onWarning: note, ...(options.dataDir ? { dataDir: options.dataDir } : {}) };
  const trainFile = await loadDataset({ ...base, split: 'train' });
  let train: Dataset;
  let test: Dataset;
  let source: string;
  const embedded = trainFile.meta.source.startsWith('embedded');
  const warnings = [...trainFile.meta.warnings];
  if (embedded) {
    const parts = trainValidationSplit(trainFile, { train: nTrain, validation: nTest, seed: drawSeed });
    train = parts.train;
    test = parts.validation;
    source = `${nTrain.toLocaleString('en-US')} + ${nTest.toLocaleString('en-US')} digits drawn (stratified, seed ${drawSeed}) from the ${trainFile.count.toLocaleString('en-US')} embedded MNIST digits (${trainFile.meta.source}) — no MNIST files were found`;
  } else {
    const testFile = await loadDataset({ ...base, split: 'test' });
    warnings.push(...testFile.meta.warnings);
    train = stratifiedSample(trainFile, nTrain, drawSeed);
    test = stratifiedSample(testFile, nTest, drawSeed);
    source = `${nTrain.toLocaleString('en-US')} of the training and ${nTest.toLocaleString('en-US')} of the test digits drawn (stratified, seed ${drawSeed}) from ${trainFile.meta.source}`;
  }
  const split = trainValidationSplit(train, { validation: validationFraction, seed: 1000 + drawSeed });
  const data: LabData = {
    train: toSet(split.train),
    validation: toSet(split.validation),
    test: toSet(test),
    imageShape: [train.shape[0] ?? 28, train.shape[1] ?? 28],
    classes: train.classNames.length || 10,
    info: { source, embedded, trainCount: split.train.count, validationCount: split.validation.count, testCount: test.count, warnings },
  };
  return data;
};
