import { DatasetError } from './errors.js';
import { createRng, shuffleInPlace } from './rng.js';
import type { Dataset } from './types.js';

export interface GaussianOptions {
  /** Number of clusters (default 3). */
  k?: number;
  /** Dimensions (default 2). */
  d?: number;
  /** Points per cluster (default 100), or `counts` for one count per cluster. */
  pointsPerCluster?: number;
  counts?: number[];
  /** Standard deviation of every cluster (default 0.1), or one per cluster. */
  spread?: number | number[];
  /** Cluster centres; by default drawn from the seed inside [0.25, 0.75]^d, kept apart by about 4 spreads. */
  means?: number[][];
  seed?: number;
  /** `test` draws fresh points around the same centres. */
  split?: 'train' | 'test';
  /** Shuffle the points (default true); otherwise they come cluster by cluster. */
  shuffle?: boolean;
  /** Clip coordinates to [0, 1] (default true) so the features keep the Dataset contract. */
  clip?: boolean;
}

function positiveInt(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new DatasetError('INVALID_OPTIONS', `${what} must be a positive integer, got ${value}`);
  return value;
}

function drawMeans(k: number, d: number, minDistance: number, seed: number): number[][] {
  const rng = createRng(seed ^ 0x6d65616e);
  const means: number[][] = [];
  for (let c = 0; c < k; c++) {
    let best: number[] = [];
    let bestDistance = -1;
    for (let attempt = 0; attempt < 200; attempt++) {
      const candidate = Array.from({ length: d }, () => 0.25 + 0.5 * rng.next());
      const nearest = Math.min(Infinity, ...means.map((m) => Math.hypot(...m.map((v, i) => v - candidate[i]!))));
      if (nearest > bestDistance) {
        best = candidate;
        bestDistance = nearest;
      }
      if (nearest >= minDistance) break;
    }
    means.push(best);
  }
  return means;
}

/** k seeded isotropic Gaussian clusters in d dimensions; label = cluster index. Browser-safe. */
export function gaussianClusters(options: GaussianOptions = {}): Dataset {
  const k = positiveInt(options.k ?? options.means?.length ?? options.counts?.length ?? 3, 'k');
  const d = positiveInt(options.d ?? options.means?.[0]?.length ?? 2, 'd');
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new DatasetError('INVALID_OPTIONS', `seed must be an integer, got ${seed}`);
  const counts = options.counts ?? Array.from({ length: k }, () => options.pointsPerCluster ?? 100);
  if (counts.length !== k) throw new DatasetError('INVALID_OPTIONS', `counts has ${counts.length} entries for k = ${k} clusters`);
  counts.forEach((c, i) => positiveInt(c, `counts[${i}]`));
  const spreads = typeof options.spread === 'object' ? options.spread : Array.from({ length: k }, () => (options.spread as number | undefined) ?? 0.1);
  if (spreads.length !== k) throw new DatasetError('INVALID_OPTIONS', `spread has ${spreads.length} entries for k = ${k} clusters`);
  spreads.forEach((s, i) => {
    if (!(s >= 0) || !Number.isFinite(s)) throw new DatasetError('INVALID_OPTIONS', `spread[${i}] must be a non-negative number, got ${s}`);
  });
  const means = options.means ?? drawMeans(k, d, 4 * Math.max(...spreads), seed);
  if (means.length !== k || means.some((m) => m.length !== d)) {
    throw new DatasetError('INVALID_OPTIONS', `means must be ${k} points of ${d} coordinates`);
  }
  const split = options.split ?? 'train';
  const rng = createRng(split === 'train' ? seed : seed ^ 0x74657374);
  const clip = options.clip ?? true;

  const count = counts.reduce((a, b) => a + b, 0);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (options.shuffle ?? true) shuffleInPlace(order, rng);

  const features = new Float32Array(count * d);
  const labels = new Int32Array(count);
  let n = 0;
  for (let c = 0; c < k; c++) {
    const mean = means[c]!;
    const spread = spreads[c]!;
    for (let p = 0; p < counts[c]!; p++) {
      const row = order[n++]!;
      labels[row] = c;
      for (let j = 0; j < d; j++) {
        const v = mean[j]! + spread * rng.normal();
        features[row * d + j] = clip ? Math.min(1, Math.max(0, v)) : v;
      }
    }
  }
  const spreadText = typeof options.spread === 'object' ? `[${spreads.join(',')}]` : String(spreads[0]);
  return {
    name: 'gaussian',
    split,
    count,
    shape: [d],
    features,
    labels,
    classNames: Array.from({ length: k }, (_, c) => `cluster ${c}`),
    meta: {
      source: `generated:gaussian(k=${k},d=${d},counts=${options.counts ? `[${counts.join(',')}]` : counts[0]},spread=${spreadText},seed=${seed})`,
      split,
      warnings: [],
    },
  };
}
