import { validationSplitIndices } from '@aelab/core';
import { gaussianClusters } from '@aelab/datasets';
import type { PlaygroundConfig } from '../config/types.js';

/** The points the playground trains on and draws, with a seeded train/validation split. */
export interface PlaygroundData {
  /** `count` rows of `dim` features, row-major. */
  x: Float32Array;
  count: number;
  dim: number;
  labels: Int32Array;
  classNames: string[];
  /** Row indices of the training and validation points. */
  train: Uint32Array;
  validation: Uint32Array;
  description: string;
}

/** Builds the data of a config that passed validation. */
export function buildData(config: PlaygroundConfig): PlaygroundData {
  const d = config.data;
  let x: Float32Array;
  let labels: Int32Array;
  let classNames: string[];
  let description: string;
  if (d.name === 'gaussian') {
    const ds = gaussianClusters({ k: d.k, d: d.d, pointsPerCluster: d.pointsPerCluster, spread: d.spread, seed: d.seed });
    x = ds.features;
    labels = ds.labels;
    classNames = ds.classNames;
    description = `${d.k} Gaussian clusters × ${d.pointsPerCluster} points in ${d.d} dimensions`;
  } else {
    const dim = d.points[0]?.length ?? 0;
    x = new Float32Array(d.points.length * dim);
    d.points.forEach((p, i) => x.set(p, i * dim));
    labels = Int32Array.from(d.labels ?? d.points.map(() => 0));
    classNames = d.classNames ?? (d.labels ? [...new Set(d.labels)].sort((a, b) => a - b).map((l) => `class ${l}`) : ['points']);
    description = `${d.points.length} points from a CSV in ${dim} dimensions`;
  }
  const dim = d.name === 'gaussian' ? d.d : (d.points[0]?.length ?? 0);
  const count = x.length / Math.max(1, dim);
  const { train, validation } = splitIndices(count, config.training.validationFraction, config.seed);
  return { x, count, dim, labels, classNames, train, validation, description };
}

/** The rows that train and validate: the split the tfjs trainer makes of the same data, fraction and seed. */
export function splitIndices(count: number, fraction: number, seed: number): { train: Uint32Array; validation: Uint32Array } {
  const { train, validation } = validationSplitIndices(count, fraction, seed);
  return { train: Uint32Array.from(train), validation: Uint32Array.from(validation) };
}

/** Copies the given rows into a new row-major array. */
export function gatherRows(x: Float32Array, dim: number, rows: Uint32Array): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(x.subarray(r * dim, (r + 1) * dim), i * dim));
  return out;
}
