import { createHmac, timingSafeEqual } from 'node:crypto';
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { RUN_FILES } from '@aelab/core';
import type { ArtifactKind } from './api.js';
import { ServerError } from './errors.js';
import { isInside } from './paths.js';
import type { StoredArtifact } from './registry/runs.js';

const MAX_FILES = 5000;
const MAX_DEPTH = 6;

const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.bin': 'application/octet-stream',
};

export function mediaType(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export function artifactKind(path: string): ArtifactKind {
  const lower = path.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  const ext = extname(base);
  if (lower.includes('checkpoint')) return 'checkpoint';
  if (['.png', '.jpg', '.jpeg', '.gif', '.webp', '.svg'].includes(ext)) return 'figure';
  const reports: string[] = [RUN_FILES.status, RUN_FILES.results, RUN_FILES.summary, RUN_FILES.reportMarkdown, RUN_FILES.reportHtml];
  if (base.startsWith('report') || reports.includes(base) || ['.md', '.html', '.pdf'].includes(ext)) return 'report';
  if (lower.startsWith(`${RUN_FILES.snapshots}/`)) return 'snapshot';
  if (lower.startsWith(`${RUN_FILES.models}/`)) return 'model';
  if (base === RUN_FILES.config) return 'config';
  if (base.startsWith('metrics') || ext === '.csv' || ext === '.jsonl') return 'metrics';
  if (base.startsWith('model') || base.includes('weights') || ['.bin', '.safetensors', '.h5'].includes(ext)) return 'model';
  if (ext === '.log' || ext === '.txt') return 'log';
  return 'other';
}

/** Files being written aside before a rename, and hidden files, are never artifacts. */
function isInProgressName(name: string): boolean {
  return name.startsWith('.') || /\.(tmp|part|partial|incomplete)$/i.test(name) || name.includes('.tmp-');
}

/**
 * Lists the run directory's regular files (no symlinks, no temp files), run-dir relative with `/`.
 * `complete` is the caller's knowledge: true only once the run's writer has finished.
 */
export function scanRunDir(runDir: string, complete: boolean): StoredArtifact[] {
  const out: StoredArtifact[] = [];
  const walk = (dir: string, rel: string, depth: number): void => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (out.length >= MAX_FILES || isInProgressName(name)) continue;
      const full = join(dir, name);
      const path = rel ? `${rel}/${name}` : name;
      let st;
      try {
        st = lstatSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(full, path, depth + 1);
      else if (st.isFile()) out.push({ path, kind: artifactKind(path), mediaType: mediaType(path), size: st.size, complete });
    }
  };
  walk(runDir, '', 0);
  return out;
}

/**
 * Maps a URL path below a run directory to a file inside it, refusing anything that could leave it: `..`,
 * absolute paths, backslashes, NUL, hidden or temp names, and symlinks anywhere on the way.
 */
export function resolveArtifactPath(runDir: string, relPath: string): string {
  const bad = (why: string): never => {
    throw new ServerError('BAD_PATH', `artifact path "${relPath.slice(0, 200)}" ${why}`);
  };
  if (relPath.length === 0 || relPath.length > 1024) bad('is empty or too long');
  if (relPath.includes('\0') || relPath.includes('\\')) bad('has a forbidden character');
  const parts = relPath.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) bad('is not a plain relative path');
  if (parts.some((p) => isInProgressName(p))) bad('names a hidden or unfinished file');
  let root: string;
  try {
    root = realpathSync(runDir);
  } catch {
    throw new ServerError('NOT_FOUND', 'the run has no files');
  }
  let cur = root;
  for (const p of parts) {
    cur = join(cur, p);
    let st;
    try {
      st = lstatSync(cur);
    } catch {
      throw new ServerError('NOT_FOUND', `no artifact "${relPath}"`);
    }
    if (st.isSymbolicLink()) bad('goes through a link');
  }
  if (!isInside(root, cur) || !cur.startsWith(root + sep)) bad('leaves the run directory');
  if (!lstatSync(cur).isFile()) throw new ServerError('NOT_FOUND', `no artifact "${relPath}"`);
  return cur;
}

/**
 * Artifact URLs are signed with the server token, so a browser can use them in `<img src>` (which cannot send
 * an Authorization header) without the token itself ever appearing in a URL.
 */
export class ArtifactSigner {
  constructor(
    private readonly token: string | undefined,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  url(runId: string, path: string, now = Date.now()): string {
    const base = `/artifacts/${encodeURIComponent(runId)}/${path.split('/').map(encodeURIComponent).join('/')}`;
    if (!this.token) return base;
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    return `${base}?exp=${exp}&sig=${this.sign(runId, path, exp)}`;
  }

  verify(runId: string, path: string, exp: string | null, sig: string | null, now = Date.now()): boolean {
    if (!this.token) return true;
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || Number(exp) < now / 1000) return false;
    const want = Buffer.from(this.sign(runId, path, Number(exp)));
    const got = Buffer.from(sig);
    return want.length === got.length && timingSafeEqual(want, got);
  }

  private sign(runId: string, path: string, exp: number): string {
    return createHmac('sha256', this.token!).update(`${runId}\n${path}\n${exp}`).digest('base64url');
  }
}

/** Named files of a run directory as artifacts (a job's own files in its experiment's directory); missing ones are left out. */
export function describeFiles(runDir: string, paths: readonly string[], complete: boolean): StoredArtifact[] {
  const out: StoredArtifact[] = [];
  for (const path of new Set(paths)) {
    try {
      const st = lstatSync(join(runDir, ...path.split('/')));
      if (st.isFile()) out.push({ path, kind: artifactKind(path), mediaType: mediaType(path), size: st.size, complete });
    } catch {
      // Not written (the job stopped first): not an artifact.
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
