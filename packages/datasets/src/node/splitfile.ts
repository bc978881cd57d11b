import { readFileSync } from 'node:fs';
import { DatasetError } from '../errors.js';
import { applySplitFile } from '../splits.js';
import type { Dataset } from '../types.js';

/** Reads a split index file's JSON (validated when applied; see `applySplitFile`). */
export function readSplitFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new DatasetError('FILE_MISSING', `split file ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new DatasetError('INVALID_SPLIT_FILE', `split file ${path} is not valid JSON (${(err as Error).message})`, { cause: err });
  }
}

/** `applySplitFile` on a file, e.g. ../shared/reference/mnist_split_seed0.json over the embedded digits. */
export function applySplitFileAt(ds: Dataset, path: string): { train: Dataset; test: Dataset } {
  return applySplitFile(ds, readSplitFile(path), path);
}
