import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { mediaType, resolveArtifactPath } from './artifacts.js';
import { ServerError } from './errors.js';
import { isLoopbackHost, type ServerOptions } from './options.js';
import { appRouter } from './router.js';
import type { RunService } from './service.js';
import { createSubscriptionHandler } from './sse.js';
import { createStaticHandler } from './web-static.js';
import { handleWorkerRoute } from './queue/worker-http.js';

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

/** Browsers cannot set headers on EventSource: subscriptions may carry the token in tRPC's connectionParams. */
function connectionParamsToken(params: Record<string, string | undefined> | null | undefined): string | undefined {
  const t = params?.token;
  return typeof t === 'string' ? t : undefined;
}

function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.replace(/:\d+$/, '');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The HTTP front: origin and host checks, CORS for loopback web apps, `/trpc/*` (the API, queries over GET,
 * mutations over POST, subscriptions over SSE), `/artifacts/<run>/<path>` downloads, `/health`, and the web app's
 * build (with `index.html` for its page paths) when `webDir` is set.
 */
export function createRequestListener(service: RunService, options: ServerOptions): RequestListener {
  const loopbackBind = isLoopbackHost(options.host);
  const allowed = new Set(options.allowOrigins.map((o) => o.replace(/\/$/, '')));
  const originAllowed = (origin: string, host: string): boolean => {
    if (allowed.has(origin)) return true;
    try {
      const o = new URL(origin);
      // The web app served from here calls its own origin. Safe beyond loopback too: there a token is required,
      // and on loopback only loopback Host names get this far.
      return isLoopbackHost(o.hostname) || (o.protocol === 'http:' && o.host === host);
    } catch {
      return false;
    }
  };
  const web = options.webDir ? createStaticHandler(options.webDir) : null;

  const authorize = (req: IncomingMessage, params: Record<string, string | undefined> | null | undefined): boolean =>
    !options.token || tokenMatches(options.token, bearer(req) ?? connectionParamsToken(params));
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: options.limits.maxBodyBytes,
    createContext: ({ req, info }) => ({ service, authorized: authorize(req, info.connectionParams) }),
  });
  // The two subscriptions go out without tRPC's per-subscriber stream pipeline (see sse.ts); errors still through tRPC.
  const subscription = createSubscriptionHandler(service, authorize);

  return (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    // A page on another site must not drive a loopback server through the user's browser (DNS rebinding):
    // on loopback, only loopback Host names are answered.
    const host = req.headers.host ?? '';
    if (loopbackBind && !isLoopbackHost(hostnameOf(host))) return send(res, 403, { error: 'FORBIDDEN', message: 'unexpected Host header' });
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!originAllowed(origin, host)) return send(res, 403, { error: 'FORBIDDEN', message: `origin ${origin} is not allowed (see --allow-origin)` });
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, trpc-accept, last-event-id');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
      res.setHeader('access-control-max-age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Workers upload checkpoints and artifacts: their routes have their own size limits, and always need the token.
    if (url.pathname.startsWith('/worker/')) {
      if (options.token && !tokenMatches(options.token, bearer(req))) return send(res, 401, { error: 'UNAUTHORIZED', message: 'missing or wrong bearer token' });
      return void handleWorkerRoute(service, req, res, url);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > options.limits.maxBodyBytes) {
      res.setHeader('connection', 'close');
      return send(res, 413, { error: 'PAYLOAD_TOO_LARGE', message: `request body over ${options.limits.maxBodyBytes} bytes` });
    }
    if (url.pathname.startsWith('/trpc/')) return void (subscription(req, res, url) || trpc(req, res));
    if (url.pathname.startsWith('/artifacts/')) return serveArtifact(req, res, url);
    if (url.pathname === '/health') return send(res, 200, { ok: true });
    // The web app's files hold no run data: they are served without the token; every API call still needs it.
    if (web) return web(req, res, url.pathname);
    send(res, 404, { error: 'NOT_FOUND', message: 'no such route' });
  };

  function serveArtifact(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'GET only' });
    const rest = url.pathname.slice('/artifacts/'.length);
    const slash = rest.indexOf('/');
    let runId: string;
    let path: string;
    try {
      runId = decodeURIComponent(rest.slice(0, slash));
      path = rest
        .slice(slash + 1)
        .split('/')
        .map((p) => decodeURIComponent(p))
        .join('/');
    } catch {
      return send(res, 400, { error: 'BAD_PATH', message: 'malformed artifact path' });
    }
    if (slash <= 0 || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(runId)) return send(res, 400, { error: 'BAD_PATH', message: 'malformed artifact path' });
    const authorized =
      !options.token ||
      tokenMatches(options.token, bearer(req)) ||
      service.signer.verify(runId, path, url.searchParams.get('exp'), url.searchParams.get('sig'));
    if (!authorized) return send(res, 401, { error: 'UNAUTHORIZED', message: 'missing or wrong bearer token or signature' });
    if (!service.registry.get(runId)) return send(res, 404, { error: 'NOT_FOUND', message: `no run ${runId}` });
    let file: string;
    try {
      file = resolveArtifactPath(service.filesDir(runId), path);
    } catch (err) {
      if (err instanceof ServerError) return send(res, err.code === 'NOT_FOUND' ? 404 : 400, { error: err.code, message: err.message });
      throw err;
    }
    const type = mediaType(path);
    const headers: Record<string, string | number> = {
      'content-type': type,
      'content-length': statSync(file).size,
      'cache-control': 'no-cache',
      // Artifacts are data, never pages that could run script in this origin.
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    };
    if (!type.startsWith('image/') || type === 'image/svg+xml') headers['content-disposition'] = `attachment; filename="${path.split('/').pop()!.replace(/"/g, '')}"`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
