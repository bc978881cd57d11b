import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerError } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The page may run its own scripts, workers and styles, draw images from this origin and data/blob URLs, and
 * call APIs (its own origin by default; another aelab server when the user points it there).
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * apps/web/dist of this checkout (the same place from src/ and from dist/), or null when the server does not run
 * from the aelab repository (a published package has no web app next to it).
 */
export function defaultWebDir(): string | null {
  const app = fileURLToPath(new URL('../../web/', import.meta.url));
  try {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { name?: unknown };
    return pkg.name === '@aelab/web' ? join(app, 'dist') : null;
  } catch {
    return null;
  }
}

/** True when `dir` holds a web build (an index.html). */
export function hasWebBuild(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => void;

/**
 * Serves a single-page app's production build: files inside `dir` as they are, and `index.html` for any other
 * path whose last segment has no extension (the app routes on the path). Nothing outside `dir` is reachable:
 * every segment is checked (no `..`, hidden names, backslashes or NUL) and the resolved file must lie inside the
 * build's real path, so neither `..` nor symlinks lead out.
 */
export function createStaticHandler(dir: string): StaticHandler {
  if (!hasWebBuild(dir)) throw new ServerError('WEB_DIR', `${dir} holds no web build (no index.html); build it with: pnpm --filter @aelab/web build`);
  const root = realpathSync(dir);
  const index = join(root, 'index.html');

  const send = (res: ServerResponse, status: number, error: string, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error, message }));
  };

  const serveFile = (req: IncomingMessage, res: ServerResponse, file: string, size: number, immutable: boolean): void => {
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': size,
      // Vite names everything under assets/ by content hash; index.html must be fetched fresh to pick up a new build.
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-frame-options': 'DENY',
    };
    if (type.startsWith('text/html')) headers['content-security-policy'] = PAGE_CSP;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };

  return (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'METHOD_NOT_ALLOWED', 'GET only');
    let parts: string[];
    try {
      parts = pathname
        .split('/')
        .filter((p) => p !== '')
        .map((p) => decodeURIComponent(p));
    } catch {
      return send(res, 400, 'BAD_PATH', 'malformed path');
    }
    if (parts.some((p) => p === '.' || p === '..' || p.startsWith('.') || p.includes('/') || p.includes('\\') || p.includes('\0'))) {
      return send(res, 400, 'BAD_PATH', 'not a plain path');
    }
    let file: string | null = null;
    if (parts.length > 0) {
      try {
        const real = realpathSync(join(root, ...parts));
        if (real.startsWith(root + sep) && statSync(real).isFile()) file = real;
      } catch {
        file = null;
      }
    }
    if (file) return serveFile(req, res, file, statSync(file).size, parts[0] === 'assets' && parts.length > 1);
    const last = parts.at(-1) ?? '';
    // A missing script or image is a 404; a page path (no extension) is the app's to route.
    if (last.includes('.')) return send(res, 404, 'NOT_FOUND', 'no such file');
    serveFile(req, res, index, statSync(index).size, false);
  };
}
