import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { datasetInfo } from '../catalog.js';
import { DatasetError } from '../errors.js';
import { manifestFor, type CanonicalFile, type DatasetManifest } from '../manifest.js';
import { readTar } from '../tar.js';
import type { Split } from '../types.js';
import { downloadFile, type DownloadProgress } from './download.js';
import { gunzipIfNeeded } from './files.js';
import { resolveCacheDir } from './paths.js';
import { verifyBytes, verifyPath } from './verify.js';

export interface FetchOptions {
  name: string;
  /** Which split's files (default `all`). */
  split?: Split;
  /** Root of the cache (default: `defaultCacheDir()`); files land in `<cacheDir>/<folder>/`. */
  cacheDir?: string;
  /**
   * Replaces the mirrors: files are fetched from `<baseUrl>/<folder>/<file>` (default: AELAB_DOWNLOAD_BASE_URL,
   * else the canonical mirrors).
   */
  baseUrl?: string;
  /** Download again even when a verified copy is cached. */
  force?: boolean;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Replaces the built-in manifest (private mirrors, tests). */
  manifest?: DatasetManifest;
}

export interface FetchResult {
  name: string;
  /** `<cacheDir>/<folder>`. */
  dir: string;
  /** Base URL the files came from when anything was downloaded. */
  downloadedFrom?: string;
  files: { name: string; path: string; downloaded: boolean }[];
}

function filesFor(manifest: DatasetManifest, split: Split): CanonicalFile[] {
  if (split === 'train') return manifest.splits.train;
  if (split === 'test') return manifest.splits.test;
  return [...manifest.splits.train, ...manifest.splits.test];
}

function mirrorsFor(manifest: DatasetManifest, baseUrl: string | undefined): string[] {
  const base = baseUrl ?? (process.env.AELAB_DOWNLOAD_BASE_URL || undefined);
  return base ? [`${base.replace(/\/+$/, '')}/${manifest.folder}/`] : manifest.mirrors;
}

function cachedAndValid(dir: string, folder: string, file: CanonicalFile): boolean {
  const path = join(dir, file.name);
  return existsSync(path) && verifyPath(folder, file, path) === undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `*.part-<pid>-*` leftovers of downloads whose process was killed (a live process may still be writing). */
export function removeStaleParts(dir: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const match = /\.part-(\d+)-[0-9a-f]+$/.exec(name);
    if (match && !processAlive(Number(match[1]))) rmSync(join(dir, name), { force: true });
  }
}

/** Writes next to `dest` and renames, so a crash never leaves a half-written file under the real name. */
async function writeAtomically(dest: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${dest}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, bytes);
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Downloads a dataset's canonical files into the cache (verified; see `downloadFile`). Files already cached and
 * verified are kept unless `force`. CIFAR-10 comes as the canonical tar.gz, which is verified, unpacked (only the
 * known members, under their canonical names) and deleted.
 */
export async function fetchDataset(options: FetchOptions): Promise<FetchResult> {
  const info = datasetInfo(options.name);
  const manifest = options.manifest ?? manifestFor(info.name);
  if (!manifest) throw new DatasetError('INVALID_OPTIONS', `${info.name} is generated in memory; there is nothing to fetch`);
  const split = options.split ?? 'all';
  const dir = join(resolveCacheDir(options.cacheDir), manifest.folder);
  await mkdir(dir, { recursive: true });
  removeStaleParts(dir);
  const wanted = filesFor(manifest, split);
  const mirrors = mirrorsFor(manifest, options.baseUrl);
  const result: FetchResult = { name: info.name, dir, files: [] };
  const missing = wanted.filter((f) => options.force || !cachedAndValid(dir, manifest.folder, f));
  const common = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };

  if (missing.length > 0 && manifest.archive) {
    const archive = manifest.archive;
    const archivePath = join(dir, archive.name);
    const got = await downloadFile({
      urls: mirrors.map((m) => m + archive.name),
      dest: archivePath,
      label: `${manifest.folder}/${archive.name}`,
      ...(archive.sha256 ? { sha256: archive.sha256 } : {}),
      ...(archive.md5 ? { md5: archive.md5 } : {}),
      ...(archive.size !== undefined ? { size: archive.size } : {}),
      ...common,
    });
    result.downloadedFrom = got.url.slice(0, got.url.length - archive.name.length);
    try {
      const label = `${manifest.folder}/${archive.name}`;
      const entries = readTar(gunzipIfNeeded(readFileSync(archivePath), label), label);
      const byPath = new Map(entries.filter((e) => e.type === '0').map((e) => [e.path.replace(/^\.\//, ''), e.data]));
      for (const file of [...filesFor(manifest, 'all'), ...(manifest.extras ?? [])]) {
        const data = byPath.get(`${archive.memberFolder}/${file.name}`);
        if (!data) {
          if (manifest.extras?.includes(file)) continue;
          throw new DatasetError('CORRUPT_ARCHIVE', `${label} has no member ${archive.memberFolder}/${file.name}`);
        }
        const wrong = verifyBytes(manifest.folder, file, data);
        if (wrong) throw new DatasetError('CHECKSUM_MISMATCH', `${manifest.folder}/${file.name} from ${label}: ${wrong}`);
        await writeAtomically(join(dir, file.name), data);
      }
    } finally {
      await rm(archivePath, { force: true });
    }
  } else {
    for (const file of missing) {
      const got = await downloadFile({
        urls: mirrors.map((m) => m + file.name),
        dest: join(dir, file.name),
        label: `${manifest.folder}/${file.name}`,
        verify: (tmp) => {
          const wrong = verifyPath(manifest.folder, file, tmp);
          if (wrong) throw new DatasetError('CHECKSUM_MISMATCH', wrong);
        },
        ...common,
      });
      result.downloadedFrom = got.url.slice(0, got.url.length - file.name.length);
    }
  }
  for (const file of wanted) {
    result.files.push({ name: file.name, path: join(dir, file.name), downloaded: missing.includes(file) });
  }
  return result;
}
