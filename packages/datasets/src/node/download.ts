import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatasetError } from '../errors.js';

export interface DownloadProgress {
  /** What is being downloaded, e.g. `mnist/train-images-idx3-ubyte.gz`. */
  file: string;
  url: string;
  received: number;
  /** From Content-Length or the manifest; undefined when unknown. */
  total?: number;
}

export interface DownloadOptions {
  /** Tried in order until one gives a verified file. */
  urls: string[];
  /** Final path; nothing is ever written there unless the download verified. */
  dest: string;
  /** Name for messages and progress. */
  label: string;
  sha256?: string;
  md5?: string;
  size?: number;
  /** A further check of the complete temporary file (e.g. parse and compare a content digest); throw to reject. */
  verify?: (tmpPath: string) => void | Promise<void>;
  /** Milliseconds to wait for the response headers (default 5000, or AELAB_DOWNLOAD_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Milliseconds without a byte before the transfer counts as stalled (default 30000). */
  idleTimeoutMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export function defaultTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const v = Number(env.AELAB_DOWNLOAD_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 5000;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
}

interface Fetched {
  bytes: number;
  sha256: string;
  md5: string;
}

async function fetchTo(url: string, tmp: string, options: DownloadOptions): Promise<Fetched> {
  const controller = new AbortController();
  let stopped: string | undefined;
  const stop = (why: string) => {
    stopped = why;
    controller.abort();
  };
  const outer = options.signal;
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort);
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs();
  let timer = setTimeout(() => stop(`no response within ${timeoutMs} ms`), timeoutMs);
  const file = await open(tmp, 'w');
  try {
    const response = await fetch(url, {
      signal: controller.signal,
      redirect: 'follow',
      // The payloads are already compressed; a transparent Content-Encoding would change the bytes we hash.
      headers: { 'accept-encoding': 'identity' },
    });
    clearTimeout(timer);
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : options.size;
    const sha = createHash('sha256');
    const md5 = createHash('md5');
    const idleMs = options.idleTimeoutMs ?? 30000;
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      timer = setTimeout(() => stop(`transfer stalled for ${idleMs} ms`), idleMs);
      const { done, value } = await reader.read();
      clearTimeout(timer);
      if (done) break;
      sha.update(value);
      md5.update(value);
      await file.write(value);
      received += value.length;
      options.onProgress?.({ file: options.label, url, received, ...(total !== undefined ? { total } : {}) });
    }
    if (Number.isFinite(length) && length > 0 && received !== length) {
      throw new Error(`transfer interrupted after ${received} of ${length} bytes`);
    }
    return { bytes: received, sha256: sha.digest('hex'), md5: md5.digest('hex') };
  } catch (err) {
    if (stopped) throw new Error(stopped, { cause: err });
    if (outer?.aborted) throw err;
    // undici reports a connection closed mid-body as a bare "terminated".
    if (err instanceof Error && err.message === 'terminated') throw new Error('transfer interrupted (connection closed)', { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
    await file.close();
  }
}

/**
 * Downloads to `dest`: writes aside (`dest.part-*`), verifies size and checksums, runs `verify`, then renames.
 * A failed, interrupted or mismatching transfer leaves nothing at `dest` and removes its temporary file. Throws
 * CHECKSUM_MISMATCH when every mirror served wrong bytes, else DOWNLOAD_FAILED listing each mirror's failure.
 */
export async function downloadFile(options: DownloadOptions): Promise<{ url: string; bytes: number; sha256: string }> {
  await mkdir(dirname(options.dest), { recursive: true });
  const failures: string[] = [];
  let onlyMismatches = true;
  for (const url of options.urls) {
    const tmp = `${options.dest}.part-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      const got = await fetchTo(url, tmp, options);
      if (options.size !== undefined && got.bytes !== options.size) {
        throw new DatasetError('CHECKSUM_MISMATCH', `${got.bytes} bytes, expected ${options.size}`);
      }
      if (options.sha256 && got.sha256 !== options.sha256) {
        throw new DatasetError('CHECKSUM_MISMATCH', `sha256 ${got.sha256}, expected ${options.sha256}`);
      }
      if (options.md5 && got.md5 !== options.md5) {
        throw new DatasetError('CHECKSUM_MISMATCH', `md5 ${got.md5}, expected ${options.md5}`);
      }
      await options.verify?.(tmp);
      await rename(tmp, options.dest);
      return { url, bytes: got.bytes, sha256: got.sha256 };
    } catch (err) {
      await rm(tmp, { force: true });
      if (options.signal?.aborted) throw err;
      if (!(err instanceof DatasetError && err.code === 'CHECKSUM_MISMATCH')) onlyMismatches = false;
      failures.push(`${url}: ${describe(err)}`);
    }
  }
  if (failures.length === 0) throw new DatasetError('DOWNLOAD_FAILED', `no URL to download ${options.label} from`);
  throw new DatasetError(
    onlyMismatches ? 'CHECKSUM_MISMATCH' : 'DOWNLOAD_FAILED',
    `could not download ${options.label}: ${failures.join('; ')}`,
  );
}
