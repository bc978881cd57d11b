import { DatasetError } from './errors.js';
import { createRng, permutation, shuffleInPlace } from './rng.js';
import { sampleSize, type Dataset, type Split } from './types.js';

/** A new dataset holding the given records, in the given order (features and labels are copied). */
export function subsetDataset(ds: Dataset, indices: ArrayLike<number>, describe?: { split?: Split; note?: string }): Dataset {
  const size = sampleSize(ds.shape);
  const features = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    if (!Number.isInteger(j) || j < 0 || j >= ds.count) {
      throw new DatasetError('INVALID_OPTIONS', `index ${j} at position ${i} is outside 0..${ds.count - 1}`);
    }
    features.set(ds.features.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = ds.labels[j]!;
  }
  return {
    ...ds,
    split: describe?.split ?? ds.split,
    count: indices.length,
    shape: [...ds.shape],
    features,
    labels,
    classNames: [...ds.classNames],
    meta: {
      ...ds.meta,
      split: describe?.note ? `${ds.meta.split}; ${describe.note}` : `${ds.meta.split}; subset of ${indices.length}`,
      warnings: [...ds.meta.warnings],
    },
  };
}

function classIndexLists(labels: Int32Array, classes: number): number[][] {
  const lists: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) lists[labels[i]!]!.push(i);
  return lists;
}

/** Splits `total` over groups proportionally to `sizes` (largest remainder; ties to the lower index). */
function allocate(total: number, sizes: number[]): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum === 0) return sizes.map(() => 0);
  const quotas = sizes.map((s) => (total * s) / sum);
  const out = quotas.map((q) => Math.floor(q));
  let left = total - out.reduce((a, b) => a + b, 0);
  const byRemainder = quotas.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    if (out[i]! < sizes[i]!) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

function checkCount(value: number, what: string, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new DatasetError('INVALID_OPTIONS', `${what} must be an integer from 0 to ${max}, got ${value}`);
  }
  return value;
}

export interface SampleOptions {
  seed?: number;
  /** Keep the class proportions (largest-remainder rounding). Default true. */
  stratified?: boolean;
}

/**
 * Seeded choice of `count` record indices (ascending). Stratified draws keep each class's share of the dataset.
 */
export function sampleIndices(labels: Int32Array, count: number, options: SampleOptions = {}): Int32Array {
  checkCount(count, 'sample size', labels.length);
  const seed = options.seed ?? 0;
  let chosen: number[];
  if (options.stratified ?? true) {
    const classes = labels.reduce((m, l) => Math.max(m, l + 1), 0);
    const lists = classIndexLists(labels, classes);
    const quota = allocate(
      count,
      lists.map((l) => l.length),
    );
    const rng = createRng(seed);
    chosen = [];
    lists.forEach((list, c) => {
      const copy = Int32Array.from(list);
      shuffleInPlace(copy, rng);
      chosen.push(...copy.subarray(0, quota[c]!));
    });
  } else {
    chosen = Array.from(permutation(labels.length, seed).subarray(0, count));
  }
  return Int32Array.from(chosen).sort();
}

/** A seeded, stratified subset of `count` records (in their original order). */
export function stratifiedSample(ds: Dataset, count: number, seed = 0): Dataset {
  return subsetDataset(ds, sampleIndices(ds.labels, count, { seed, stratified: true }), {
    note: `stratified ${count} of ${ds.count}, seed ${seed}`,
  });
}

export interface TrainValidationOptions extends SampleOptions {
  /** Validation size: a fraction in (0, 1) of the dataset, or a record count >= 1. Default 0.2. */
  validation?: number;
  /** Training size (count); default everything not in validation. */
  train?: number;
}

/**
 * A seeded train/validation split (stratified by default), e.g. `{ validation: 0.2 }` for the lab's 80/20 split or
 * `{ train: 6000, validation: 1000 }` for the DDAE paper's draw from MNIST. The two parts never share a record.
 */
export function trainValidationSplit(ds: Dataset, options: TrainValidationOptions = {}): { train: Dataset; validation: Dataset } {
  const v = options.validation ?? 0.2;
  if (!(v > 0) || (v >= 1 && !Number.isInteger(v))) {
    throw new DatasetError('INVALID_OPTIONS', `validation must be a fraction in (0, 1) or a whole count, got ${v}`);
  }
  const validationCount = checkCount(v < 1 ? Math.round(v * ds.count) : v, 'validation size', ds.count);
  const trainCount = checkCount(options.train ?? ds.count - validationCount, 'train size', ds.count - validationCount);
  const seed = options.seed ?? 0;
  const trainIdx: number[] = [];
  const validationIdx: number[] = [];
  if (options.stratified ?? true) {
    const classes = ds.labels.reduce((m, l) => Math.max(m, l + 1), 0);
    const lists = classIndexLists(ds.labels, classes);
    const both = allocate(
      trainCount + validationCount,
      lists.map((l) => l.length),
    );
    const val = allocate(validationCount, both);
    const rng = createRng(seed);
    lists.forEach((list, c) => {
      const copy = shuffleInPlace(Int32Array.from(list), rng);
      validationIdx.push(...copy.subarray(0, val[c]!));
      trainIdx.push(...copy.subarray(val[c]!, both[c]!));
    });
  } else {
    const perm = permutation(ds.count, seed);
    validationIdx.push(...perm.subarray(0, validationCount));
    trainIdx.push(...perm.subarray(validationCount, validationCount + trainCount));
  }
  const how = `${options.stratified ?? true ? 'stratified, ' : ''}seed ${seed}`;
  return {
    train: subsetDataset(ds, Int32Array.from(trainIdx).sort(), { note: `train part (${trainCount}) of a train/validation split, ${how}` }),
    validation: subsetDataset(ds, Int32Array.from(validationIdx).sort(), { note: `validation part (${validationCount}) of a train/validation split, ${how}` }),
  };
}

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

function indexList(value: unknown, key: string, count: number, source: string): Int32Array {
  if (!Array.isArray(value)) throw new DatasetError('INVALID_SPLIT_FILE', `${source}: "${key}" must be an array of record indices`);
  const out = new Int32Array(value.length);
  const seen = new Uint8Array(count);
  value.forEach((j: unknown, i) => {
    if (typeof j !== 'number' || !Number.isInteger(j) || j < 0 || j >= count) {
      throw new DatasetError('INVALID_SPLIT_FILE', `${source}: ${key}[${i}] = ${JSON.stringify(j)} is not an index into ${count} records`);
    }
    if (seen[j]) throw new DatasetError('INVALID_SPLIT_FILE', `${source}: ${key} lists record ${j} twice`);
    seen[j] = 1;
    out[i] = j;
  });
  return out;
}

/**
 * Validates a split file's JSON (`{"train":[...],"test":[...]}`, other keys ignored) against a dataset of `count`
 * records: integer indices in range, none repeated, none in both lists.
 */
export function parseSplitIndices(json: unknown, count: number, source = 'split file'): SplitIndices {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DatasetError('INVALID_SPLIT_FILE', `${source}: expected an object {"train": [...], "test": [...]}`);
  }
  const record = json as Record<string, unknown>;
  const train = indexList(record.train, 'train', count, source);
  const test = indexList(record.test, 'test', count, source);
  // An empty list would give a split of 0 records that only fails (or silently scores nothing) much later.
  for (const [key, list] of [['train', train], ['test', test]] as const) {
    if (list.length === 0) throw new DatasetError('INVALID_SPLIT_FILE', `${source}: "${key}" lists no records`);
  }
  const inTrain = new Uint8Array(count);
  train.forEach((j) => (inTrain[j] = 1));
  const shared = test.find((j) => inTrain[j] === 1);
  if (shared !== undefined) throw new DatasetError('INVALID_SPLIT_FILE', `${source}: record ${shared} is in both train and test`);
  return { train, test };
}

/** Applies a split file (parsed JSON) such as ../shared/reference/mnist_split_seed0.json, keeping its order. */
export function applySplitFile(ds: Dataset, json: unknown, source = 'split file'): { train: Dataset; test: Dataset } {
  const { train, test } = parseSplitIndices(json, ds.count, source);
  return {
    train: subsetDataset(ds, train, { split: 'train', note: `train part (${train.length}) of ${source}` }),
    test: subsetDataset(ds, test, { split: 'test', note: `test part (${test.length}) of ${source}` }),
  };
}
