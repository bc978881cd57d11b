import { readFileSync } from 'node:fs';
import { DatasetError } from '../errors.js';
import { parseIdx } from '../idx.js';
import type { CanonicalFile } from '../manifest.js';
import { cifarRecordCount } from '../cifar.js';
import { parseUsps } from '../usps.js';
import { gunzipIfNeeded, md5Hex, sha256Hex } from './files.js';

/** sha256 of a USPS file's values (see `UspsRecords.digestInput`). */
export function uspsContentSha256(content: Uint8Array, label: string): { sha256: string; records: number } {
  const parsed = parseUsps(content, label);
  return { sha256: sha256Hex(parsed.digestInput), records: parsed.count };
}

/**
 * Checks bytes claimed to be `file` of dataset folder `folder`: canonical size and digests where the manifest has
 * them, otherwise (or additionally for USPS) the parsed structure. Returns why they are wrong, or undefined.
 * Used for downloads and cached files, where anything but the canonical content is an error.
 */
export function verifyBytes(folder: string, file: CanonicalFile, bytes: Uint8Array): string | undefined {
  const label = `${folder}/${file.name}`;
  if (file.size !== undefined && bytes.length !== file.size) return `${bytes.length} bytes, expected ${file.size}`;
  if (file.sha256) {
    const sha = sha256Hex(bytes);
    if (sha !== file.sha256) return `sha256 ${sha}, expected ${file.sha256}`;
  }
  if (file.md5) {
    const md5 = md5Hex(bytes);
    if (md5 !== file.md5) return `md5 ${md5}, expected ${file.md5}`;
  }
  try {
    if (folder === 'usps') {
      const { sha256, records } = uspsContentSha256(gunzipIfNeeded(bytes, label), label);
      if (file.contentSha256 && sha256 !== file.contentSha256) return `content sha256 ${sha256}, expected ${file.contentSha256}`;
      if (file.records !== undefined && records !== file.records) return `${records} records, expected ${file.records}`;
    } else if (!file.sha256 && !file.md5) {
      if (folder === 'mnist') parseIdx(gunzipIfNeeded(bytes, label), label);
      else if (folder === 'cifar10' && file.name.endsWith('.bin')) cifarRecordCount(bytes.length, label);
    }
  } catch (err) {
    if (err instanceof DatasetError) return err.message;
    throw err;
  }
  return undefined;
}

export function verifyPath(folder: string, file: CanonicalFile, path: string): string | undefined {
  return verifyBytes(folder, file, readFileSync(path));
}
