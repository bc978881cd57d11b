import { applySplitFileAt, loadDataset, sampleIndices, stratifiedSample, subsetDataset, trainValidationSplit, type Dataset, type LoadOptions } from '@aelab/datasets/node';
import { CoreError } from '../../errors.js';
import type { LabelledSet, ReproduceConfig, TableData, TableDataset } from '../../experiments/ddae/index.js';

function toSet(ds: Dataset): LabelledSet {
  const cols = ds.features.length / Math.max(1, ds.count);
  return { x: { data: ds.features, rows: ds.count, cols }, y: ds.labels };
}

function loadOptions(name: string, split: 'train' | 'test', config: ReproduceConfig, note: (m: string) => void): LoadOptions {
  return { name, split, download: config.download, onWarning: note, ...(config.dataDir ? { dataDir: config.dataDir } : {}) };
}

interface Parts {
  train: Dataset;
  test: Dataset;
  source: string;
  warnings: string[];
  /** Training digits outside the draw (MNIST from files or the embedded digits), for the DDAE+U row. */
  rest?: Dataset;
}

/** The records of `ds` not among `used` (ascending indices). */
function complement(ds: Dataset, used: ArrayLike<number>): Dataset {
  const taken = new Uint8Array(ds.count);
  for (let i = 0; i < used.length; i++) taken[used[i]!] = 1;
  const rest: number[] = [];
  for (let i = 0; i < ds.count; i++) if (!taken[i]) rest.push(i);
  return subsetDataset(ds, rest, { note: `the ${rest.length} records outside the draw` });
}

/** USPS: all 7,291 / 2,007 digits, as the paper. */
async function usps(config: ReproduceConfig, note: (m: string) => void): Promise<Parts> {
  const train = await loadDataset(loadOptions('usps', 'train', config, note));
  const test = await loadDataset(loadOptions('usps', 'test', config, note));
  return { train, test, source: `USPS from ${train.meta.source}`, warnings: [...train.meta.warnings, ...test.meta.warnings] };
}

/**
 * MNIST for the paper's Table 3.2: a seeded 6,000/1,000 draw from the training and test files, or — with no data
 * files to be had — from the 10,000 embedded digits (disjoint parts); or a split file's indices into the embedded
 * digits (the reference's split).
 */
async function mnist(config: ReproduceConfig, note: (m: string) => void): Promise<Parts> {
  const { trainSize, testSize, drawSeed, splitFile } = config.mnist;
  if (splitFile) {
    const all = await loadDataset({ name: 'mnist', split: 'all', embedded: true });
    const parts = applySplitFileAt(all, splitFile);
    return { ...parts, source: `${all.count.toLocaleString('en-US')} embedded MNIST digits (${all.meta.source}), split file ${splitFile}`, warnings: all.meta.warnings };
  }
  const train = await loadDataset(loadOptions('mnist', 'train', config, note));
  if (train.meta.source.startsWith('embedded')) {
    const parts = trainValidationSplit(train, { train: trainSize, validation: testSize, seed: drawSeed });
    return {
      train: parts.train,
      test: parts.validation,
      source: `${trainSize.toLocaleString('en-US')} + ${testSize.toLocaleString('en-US')} digits drawn (stratified, seed ${drawSeed}) from the ${train.count.toLocaleString('en-US')} embedded MNIST digits (${train.meta.source})`,
      warnings: train.meta.warnings,
    };
  }
  const test = await loadDataset(loadOptions('mnist', 'test', config, note));
  const drawn = sampleIndices(train.labels, trainSize, { seed: drawSeed });
  return {
    rest: complement(train, drawn),
    train: subsetDataset(train, drawn, { note: `stratified ${trainSize} of ${train.count}, seed ${drawSeed}` }),
    test: stratifiedSample(test, testSize, drawSeed),
    source: `${trainSize.toLocaleString('en-US')} of the training and ${testSize.toLocaleString('en-US')} of the test digits drawn (stratified, seed ${drawSeed}) from ${train.meta.source}`,
    warnings: [...train.meta.warnings, ...test.meta.warnings],
  };
}

/** The whole MNIST: 60,000 / 10,000 from data files (never the embedded digits). */
async function mnistFull(config: ReproduceConfig, note: (m: string) => void): Promise<Parts> {
  const train = await loadDataset(loadOptions('mnist', 'train', config, note));
  if (train.meta.source.startsWith('embedded')) {
    throw new CoreError('NO_DATA', 'the full MNIST table needs the MNIST files (--data-dir DIR with mnist/*.gz, or a download); only the embedded digits were found');
  }
  const test = await loadDataset(loadOptions('mnist', 'test', config, note));
  return { train, test, source: `all of ${train.meta.source}`, warnings: [...train.meta.warnings, ...test.meta.warnings] };
}

/** Loads and splits one table's data as the config says. */
export async function loadTable(dataset: TableDataset, config: ReproduceConfig, note: (message: string) => void = () => {}): Promise<TableData> {
  let parts = dataset === 'usps' ? await usps(config, note) : dataset === 'mnist' ? await mnist(config, note) : await mnistFull(config, note);
  let source = parts.source;
  if (config.holdout) {
    // Recipes are compared on data the final table never scores on: a stratified fifth of the training part.
    const split = trainValidationSplit(parts.train, { validation: 0.2, seed: 1000 + config.mnist.drawSeed });
    parts = { ...parts, train: split.train, test: split.validation };
    source += '; holdout mode: scored on a validation fifth of the training part';
  }
  if (config.limitTrain !== undefined && config.limitTrain < parts.train.count) parts = { ...parts, train: stratifiedSample(parts.train, config.limitTrain, 0) };
  if (config.limitTest !== undefined && config.limitTest < parts.test.count) parts = { ...parts, test: stratifiedSample(parts.test, config.limitTest, 0) };
  const shape = parts.train.shape;
  // DDAE+U pretrains on a seeded draw of the digits outside the table's training and test parts, labels unused.
  let unlabelled: LabelledSet['x'] | undefined;
  if (parts.rest && parts.rest.count > 0 && config.models.includes('DDAE+U')) {
    const count = Math.min(parts.rest.count, config.improved.unlabelled.count);
    unlabelled = toSet(count < parts.rest.count ? stratifiedSample(parts.rest, count, config.mnist.drawSeed) : parts.rest).x;
    source += `; ${count.toLocaleString('en-US')} further training digits (labels unused) for DDAE+U`;
  }
  return {
    ...(unlabelled ? { unlabelled } : {}),
    dataset,
    train: toSet(parts.train),
    test: toSet(parts.test),
    imageShape: [shape[0] ?? 1, shape[1] ?? 1],
    classes: parts.train.classNames.length,
    info: {
      dataset,
      source,
      trainCount: parts.train.count,
      testCount: parts.test.count,
      shape: [...shape],
      evaluation: config.holdout ? 'holdout' : 'test',
      warnings: parts.warnings,
    },
  };
}
