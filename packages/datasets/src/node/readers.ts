import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIFAR10_CLASS_NAMES, DIGIT_CLASS_NAMES } from '../catalog.js';
import { cifarRecordCount, decodeCifarRecords, parseCifarMeta } from '../cifar.js';
import { mnistFromIdx, parseIdx } from '../idx.js';
import type { CanonicalFile, DatasetManifest } from '../manifest.js';
import type { Dataset, DatasetName } from '../types.js';
import { parseUsps } from '../usps.js';
import { combinedChecksum, readCanonical, sha256Hex, type ReadFile } from './files.js';

export type FileSplit = 'train' | 'test';

interface Collected {
  files: { name: string; sha256: string }[];
  warnings: string[];
}

function note(collected: Collected, file: ReadFile, canonical: CanonicalFile, records?: number): void {
  collected.files.push({ name: file.label, sha256: file.sha256 });
  if (file.difference) collected.warnings.push(`${file.label}: ${file.difference} (loaded anyway)`);
  if (records !== undefined && canonical.records !== undefined && records !== canonical.records) {
    collected.warnings.push(`${file.label} holds ${records} records; the canonical file has ${canonical.records}`);
  }
}

function finish(
  name: DatasetName,
  split: FileSplit,
  body: Pick<Dataset, 'count' | 'shape' | 'features' | 'labels' | 'classNames'>,
  collected: Collected,
  source: string,
  limit: number | undefined,
): Dataset {
  const checksum = combinedChecksum(collected.files);
  return {
    name,
    split,
    ...body,
    meta: {
      source,
      split: limit !== undefined && body.count === limit ? `${split}, first ${limit}` : split,
      ...(checksum ? { checksum } : {}),
      warnings: collected.warnings,
      files: collected.files,
    },
  };
}

/**
 * Reads one split of a dataset from `<root>/<folder>/` (a data dir or the cache). Structure is checked strictly
 * (typed errors); a difference from the canonical checksum or record count becomes a warning.
 */
export function readSplit(
  name: Exclude<DatasetName, 'gaussian'>,
  manifest: DatasetManifest,
  root: string,
  split: FileSplit,
  source: string,
  limit?: number,
): Dataset {
  const folder = manifest.folder;
  const wanted = manifest.splits[split];
  const collected: Collected = { files: [], warnings: [] };

  if (name === 'mnist' || name === 'mnist-binary') {
    const [imagesFile, labelsFile] = wanted as [CanonicalFile, CanonicalFile];
    const images = readCanonical(root, folder, imagesFile);
    const labels = readCanonical(root, folder, labelsFile);
    const imagesIdx = parseIdx(images.content, images.label);
    const labelsIdx = parseIdx(labels.content, labels.label);
    const body = mnistFromIdx(imagesIdx, labelsIdx, { images: images.label, labels: labels.label }, limit, name === 'mnist-binary');
    note(collected, images, imagesFile, imagesIdx.dims[0]);
    note(collected, labels, labelsFile);
    return finish(name, split, { ...body, shape: [28, 28, 1], classNames: [...DIGIT_CLASS_NAMES] }, collected, source, limit);
  }

  if (name === 'usps') {
    const file = wanted[0]!;
    const read = readCanonical(root, folder, file);
    const parsed = parseUsps(read.content, read.label);
    note(collected, read, file, parsed.count);
    if (file.contentSha256) {
      const digest = sha256Hex(parsed.digestInput);
      if (digest !== file.contentSha256) {
        collected.warnings.push(`${read.label}: its values differ from the canonical ones (content sha256 ${digest}, canonical ${file.contentSha256}); loaded anyway`);
      }
    }
    const count = limit === undefined ? parsed.count : Math.min(limit, parsed.count);
    return finish(
      name,
      split,
      {
        count,
        shape: [16, 16, 1],
        features: count === parsed.count ? parsed.features : parsed.features.slice(0, count * 256),
        labels: count === parsed.count ? parsed.labels : parsed.labels.slice(0, count),
        classNames: [...DIGIT_CLASS_NAMES],
      },
      collected,
      source,
      limit,
    );
  }

  // cifar10: read batches until the limit is reached, then decode into one allocation.
  const batches: { read: ReadFile; records: number }[] = [];
  let total = 0;
  for (const file of wanted) {
    if (limit !== undefined && total >= limit) break;
    const read = readCanonical(root, folder, file);
    const records = cifarRecordCount(read.content.length, read.label);
    note(collected, read, file, records);
    batches.push({ read, records });
    total += records;
  }
  const count = limit === undefined ? total : Math.min(limit, total);
  const features = new Float32Array(count * 3072);
  const labels = new Int32Array(count);
  let at = 0;
  for (const { read, records } of batches) {
    const take = Math.min(records, count - at);
    decodeCifarRecords(read.content, read.label, take, features, labels, at);
    at += take;
  }
  let classNames = [...CIFAR10_CLASS_NAMES];
  const metaPath = join(root, folder, 'batches.meta.txt');
  if (existsSync(metaPath)) classNames = parseCifarMeta(readFileSync(metaPath, 'utf8'), `${folder}/batches.meta.txt`);
  return finish(name, split, { count, shape: [32, 32, 3], features, labels, classNames }, collected, source, limit);
}

/** Train followed by test, as split `all`. */
export function concatSplits(train: Dataset, test: Dataset): Dataset {
  const features = new Float32Array(train.features.length + test.features.length);
  features.set(train.features);
  features.set(test.features, train.features.length);
  const labels = new Int32Array(train.count + test.count);
  labels.set(train.labels);
  labels.set(test.labels, train.count);
  const files = [...(train.meta.files ?? []), ...(test.meta.files ?? [])];
  const checksum = combinedChecksum(files);
  return {
    ...train,
    split: 'all',
    count: train.count + test.count,
    features,
    labels,
    meta: {
      source: train.meta.source,
      split: `all (${train.count} train + ${test.count} test)`,
      ...(checksum ? { checksum } : {}),
      warnings: [...train.meta.warnings, ...test.meta.warnings],
      files,
    },
  };
}
