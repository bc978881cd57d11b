import { gaussianClusters, stratifiedSample, type Dataset } from '@aelab/datasets';
import type { DataConfig, GaussianDataConfig, ImageDataConfig, InlineDataConfig } from '../config/data.js';
import { CoreError } from '../errors.js';

/** The samples a run trains on, and the held-out test samples its final metrics use (when there are any). */
export interface RunData {
  train: Dataset;
  test: Dataset | null;
}

/** A config's points as a Dataset (`inline` has no Dataset name of its own; it is reported as gaussian-like data). */
export function inlineDataset(data: InlineDataConfig): Dataset {
  const d = data.points[0]!.length;
  const features = new Float32Array(data.points.length * d);
  data.points.forEach((p, i) => features.set(p, i * d));
  const labels = Int32Array.from(data.labels ?? data.points.map(() => 0));
  const classes = labels.reduce((m, l) => Math.max(m, l + 1), 1);
  return {
    name: 'gaussian',
    split: 'all',
    count: data.points.length,
    shape: [d],
    features,
    labels,
    classNames: data.classNames ?? Array.from({ length: classes }, (_, c) => `class ${c}`),
    meta: { source: 'inline:config', split: 'all', warnings: [] },
  };
}

function gaussianData(data: GaussianDataConfig, seed: number): RunData {
  const options = { k: data.k, d: data.d, pointsPerCluster: data.pointsPerCluster, spread: data.spread, seed: data.seed ?? seed };
  return { train: gaussianClusters(options), test: gaussianClusters({ ...options, split: 'test' }) };
}

/**
 * Data a browser can make without files: generated clusters and inline points. Image datasets need
 * `@aelab/core/node`'s loader (or a caller that loads them itself and uses `sizeRunData`).
 */
export function generatedRunData(data: DataConfig, seed: number): RunData {
  if (data.name === 'gaussian') return gaussianData(data, seed);
  if (data.name === 'inline') return { train: inlineDataset(data), test: null };
  throw new CoreError('NOT_SUPPORTED', `dataset '${data.name}' must be loaded from files (use @aelab/core/node)`);
}

/** Applies `trainSize` / `testSize` (seeded stratified subsets) to loaded image data. */
export function sizeRunData(data: ImageDataConfig, loaded: RunData, seed: number): RunData {
  let { train, test } = loaded;
  if (data.trainSize !== undefined) {
    if (data.trainSize > train.count) {
      throw new CoreError('INVALID_CONFIG', `data.trainSize ${data.trainSize} is larger than the ${train.count} training samples`);
    }
    train = stratifiedSample(train, data.trainSize, seed);
  }
  if (test && typeof data.testSize === 'number' && data.testSize !== test.count) {
    if (data.testSize > test.count) {
      throw new CoreError(
        'INVALID_CONFIG',
        `data.testSize ${data.testSize} is larger than the ${test.count} test samples in ${test.meta.source}: ` +
          `ask for ${test.count} or fewer (--test-size ${test.count}), all of them (--test-size all, "testSize": "all"), or point --data-dir at a complete copy`,
      );
    }
    test = stratifiedSample(test, data.testSize, seed + 1);
  }
  return { train, test };
}
