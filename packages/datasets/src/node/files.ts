import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DatasetError } from '../errors.js';
import type { CanonicalFile } from '../manifest.js';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflates gzip data (other data passes through); a broken stream is a CORRUPT_GZIP error naming the file. */
export function gunzipIfNeeded(bytes: Uint8Array, label: string): Uint8Array {
  if (!isGzip(bytes)) {
    // A `.gz` that is not gzip is usually an error page or a partial download saved under the right name.
    if (label.endsWith('.gz')) {
      const what = bytes.length === 0 ? 'is empty' : `does not start with the gzip signature 1f 8b (it starts with ${hexStart(bytes)})`;
      throw new DatasetError(bytes.length === 0 ? 'EMPTY_FILE' : 'CORRUPT_GZIP', `${label}: ${what}`);
    }
    return bytes;
  }
  try {
    return gunzipSync(bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const cut = /unexpected end/i.test(message) || (err as { code?: string }).code === 'Z_BUF_ERROR';
    throw new DatasetError('CORRUPT_GZIP', `${label}: ${cut ? 'gzip stream is cut short (truncated file)' : `corrupt gzip data (${message})`}`, {
      cause: err,
    });
  }
}

function hexStart(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The checksum of what was loaded: the file's sha256, or for several files the sha256 of their sha256sum listing. */
export function combinedChecksum(files: { name: string; sha256: string }[]): string | undefined {
  if (files.length === 0) return undefined;
  if (files.length === 1) return `sha256:${files[0]!.sha256}`;
  const listing = files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
  return `sha256:${sha256Hex(new TextEncoder().encode(listing))}`;
}

/** Explains how a file differs from the canonical one, or undefined when it matches (or nothing is known). */
export function canonicalDifference(file: CanonicalFile, foundName: string, bytes: Uint8Array, sha256: string): string | undefined {
  if (foundName === file.name) {
    if (file.sha256) return sha256 === file.sha256 ? undefined : `sha256 ${sha256} is not the canonical ${file.sha256}`;
    if (file.md5) {
      const md5 = md5Hex(bytes);
      return md5 === file.md5 ? undefined : `md5 ${md5} is not the canonical ${file.md5}`;
    }
    return undefined;
  }
  if (file.rawMd5) {
    const md5 = md5Hex(bytes);
    return md5 === file.rawMd5 ? undefined : `md5 ${md5} is not the canonical ${file.rawMd5} of the uncompressed file`;
  }
  return undefined;
}

/** The first of the file's accepted names present in `dir`. */
export function locate(dir: string, file: CanonicalFile): { path: string; name: string } | undefined {
  for (const name of [file.name, ...(file.alternatives ?? [])]) {
    const path = join(dir, name);
    if (existsSync(path)) return { path, name };
  }
  return undefined;
}

export interface ReadFile {
  /** `<folder>/<name>` as found, for messages and meta. */
  label: string;
  /** Bytes after gunzip. */
  content: Uint8Array;
  sha256: string;
  /** How the file differs from the canonical one, if it does. */
  difference?: string;
}

/**
 * Reads one canonical file of a dataset folder. Missing is FILE_MISSING naming the file and the root searched.
 */
export function readCanonical(root: string, folder: string, file: CanonicalFile): ReadFile {
  const found = locate(join(root, folder), file);
  if (!found) {
    const also = file.alternatives?.length ? ` (nor ${file.alternatives.map((a) => `${folder}/${a}`).join(', ')})` : '';
    throw new DatasetError('FILE_MISSING', `${folder}/${file.name} not found in ${root}${also}`);
  }
  const label = `${folder}/${found.name}`;
  let raw: Uint8Array;
  try {
    raw = readFileSync(found.path);
  } catch (err) {
    throw new DatasetError('FILE_MISSING', `${label} in ${root} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const sha256 = sha256Hex(raw);
  const difference = canonicalDifference(file, found.name, raw, sha256);
  return { label, content: gunzipIfNeeded(raw, label), sha256, ...(difference ? { difference } : {}) };
}
