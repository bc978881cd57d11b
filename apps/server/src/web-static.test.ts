// The web app's build served by the run service: files, the SPA fallback, paths that try to leave the build,
// and the server's own rules (Host check, token) with the web app in front.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client.js';
import { spawnServer, type ChildServer } from './test-support/spawn-server.js';
import { createStaticHandler, defaultWebDir, hasWebBuild } from './web-static.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: the path goes out exactly as written (fetch would normalise `..`). */
function raw(url: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const INDEX = '<!doctype html><title>aelab test build</title><div id="app"></div>';

/** A fake build next to a secret the server must never hand out. */
function makeBuild(): { top: string; dist: string } {
  const top = mkdtempSync(join(tmpdir(), 'aelab-web-static-'));
  const dist = join(top, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(dist, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(dist, '.env'), 'HIDDEN');
  writeFileSync(join(top, 'secret.txt'), 'TOP-SECRET-CONTENT');
  symlinkSync(join(top, 'secret.txt'), join(dist, 'assets', 'link.js'));
  return { top, dist };
}

describe('createStaticHandler', () => {
  let build: { top: string; dist: string };
  let http: Server;
  let url: string;

  beforeAll(async () => {
    build = makeBuild();
    const handle = createStaticHandler(build.dist);
    http = createServer((req, res) => handle(req, res, new URL(req.url ?? '/', 'http://localhost').pathname));
    await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => http?.close(ok));
    rmSync(build.top, { recursive: true, force: true });
  });

  it('serves index.html on / and on every page path, with a content security policy', async () => {
    for (const path of ['/', '/runs', '/runs/abc-123', '/compare/', '/index.html']) {
      const r = await raw(url, path);
      expect(r.status, path).toBe(200);
      expect(r.body).toBe(INDEX);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves hashed assets as immutable with their media type, and HEAD without a body', async () => {
    const js = await raw(url, '/assets/index-abc123.js');
    expect(js).toMatchObject({ status: 200, body: 'console.log("app")' });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await raw(url, '/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await raw(url, '/assets/index-abc123.js', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers['content-length']).toBe('18');
  });

  it('answers a missing file with 404, not the page', async () => {
    expect((await raw(url, '/assets/missing.js')).status).toBe(404);
    expect((await raw(url, '/favicon.ico')).status).toBe(404);
  });

  it('never leaves the build: dot segments, encoded separators, hidden files, symlinks, NUL', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/..%5Csecret.txt',
      '/assets/link.js',
      '/.env',
      '/x%00.js',
      '/%E0%A4%A',
    ]) {
      const r = await raw(url, path);
      expect([400, 404], `${path} -> ${r.status}`).toContain(r.status);
      expect(r.body).not.toContain('TOP-SECRET-CONTENT');
      expect(r.body).not.toContain('HIDDEN');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await raw(url, '/', { method: 'POST' })).status).toBe(405);
  });

  it('refuses a folder without a build', () => {
    expect(hasWebBuild(build.top)).toBe(false);
    expect(() => createStaticHandler(build.top)).toThrow(expect.objectContaining({ code: 'WEB_DIR' }));
  });
});

describe('a server with the web app', () => {
  let build: { top: string; dist: string };
  let state: string;
  let server: ChildServer;

  beforeAll(async () => {
    build = makeBuild();
    state = mkdtempSync(join(tmpdir(), 'aelab-server-web-'));
    server = await spawnServer(['--state-dir', state, '--web-dir', build.dist]);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
    rmSync(build.top, { recursive: true, force: true });
  });

  it('serves the app and the API on one origin, and keeps its Host rule', async () => {
    expect((await raw(server.url, '/runs/some-run')).body).toBe(INDEX);
    expect((await createClient(server.url).runs.list.query()).total).toBe(0);
    // The API and artifacts are not shadowed by the fallback.
    expect((await raw(server.url, '/trpc/runs.nope')).status).toBe(404);
    expect((await raw(server.url, '/artifacts/abc/x.png')).status).toBe(404);
    expect((await raw(server.url, '/health')).body).toBe('{"ok":true}');
    // DNS rebinding: a foreign Host name gets nothing, the page included.
    expect((await raw(server.url, '/', { headers: { host: 'evil.example' } })).status).toBe(403);
    // A page from another site may not call the API.
    expect((await raw(server.url, '/trpc/runs.list', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('refuses a --web-dir without a build', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aelab-server-web-'));
    await expect(spawnServer(['--state-dir', other, '--web-dir', build.top])).rejects.toThrow(/WEB_DIR/);
    rmSync(other, { recursive: true, force: true });
  });
});

describe('a token-protected server with the web app, bound beyond loopback', () => {
  let build: { top: string; dist: string };
  let state: string;
  let server: ChildServer;
  const token = 'web-token-0123456789';

  beforeAll(async () => {
    build = makeBuild();
    state = mkdtempSync(join(tmpdir(), 'aelab-server-web-'));
    server = await spawnServer(['--state-dir', state, '--web-dir', build.dist, '--host', '0.0.0.0', '--token', token]);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
    rmSync(build.top, { recursive: true, force: true });
  });

  it('hands out the page (no data in it) but answers no API call without the token', async () => {
    const port = new URL(server.url).port;
    // As a browser on another machine reaches it: by a name, with its page's origin on API calls.
    const site = { host: `aelab.example:${port}`, origin: `http://aelab.example:${port}` };
    expect((await raw(server.url, '/runs', { headers: { host: site.host } })).body).toBe(INDEX);
    expect((await raw(server.url, '/trpc/runs.list', { headers: { host: site.host } })).status).toBe(401);
    expect((await raw(server.url, '/trpc/runs.list', { headers: site })).status).toBe(401);
    const ok = await raw(server.url, '/trpc/runs.list', { headers: { ...site, authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe(site.origin);
    // Another site's page is refused even with a valid token in hand.
    const foreign = await raw(server.url, '/trpc/runs.list', { headers: { host: site.host, origin: 'http://evil.example', authorization: `Bearer ${token}` } });
    expect(foreign.status).toBe(403);
  });
});

describe('defaultWebDir', () => {
  it("is this checkout's apps/web/dist", () => {
    expect(defaultWebDir()).toBe(join(import.meta.dirname, '..', '..', 'web', 'dist'));
  });
});
