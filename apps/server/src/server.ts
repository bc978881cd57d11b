import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ServerError } from './errors.js';
import { createRequestListener } from './http.js';
import { acquireLock } from './lock.js';
import { defaultOptions, isLoopbackHost, type ServerOptions } from './options.js';
import { checkStateDir } from './paths.js';
import { openDatabase } from './registry/db.js';
import { RunService } from './service.js';
import { hasWebBuild } from './web-static.js';
import { QueueBroker } from './queue/broker.js';
import { openQueue, redisConnection } from './queue/redis.js';

export interface RunningServer {
  /** `http://host:port`, the base every client uses. */
  url: string;
  port: number;
  service: RunService;
  /** Stops accepting calls, stops training runs (they become `interrupted`), closes the registry. */
  close(): Promise<void>;
}

export async function startServer(overrides: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const options = defaultOptions(overrides);
  options.stateDir = resolve(options.stateDir);
  if (options.dataDir) options.dataDir = resolve(options.dataDir);
  if (options.webDir) {
    options.webDir = resolve(options.webDir);
    if (!hasWebBuild(options.webDir)) throw new ServerError('WEB_DIR', `${options.webDir} holds no web build (no index.html); build it with: pnpm --filter @aelab/web build`);
  }
  if (!isLoopbackHost(options.host) && !options.token) {
    throw new ServerError('TOKEN_REQUIRED', `binding to ${options.host} exposes the server beyond this machine: pass --token (or AELAB_TOKEN)`);
  }
  if (options.token !== undefined && options.token.length < 8) throw new ServerError('INVALID_INPUT', 'the token must be at least 8 characters');
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > options.limits.maxConcurrency) {
    throw new ServerError('INVALID_INPUT', `concurrency must be 1..${options.limits.maxConcurrency}`);
  }
  checkStateDir(options.stateDir, options.dataDir);
  if (options.queue) redisConnection(options.queue);
  try {
    mkdirSync(options.stateDir, { recursive: true });
  } catch (err) {
    throw new ServerError('STATE_DIR', `cannot create the state dir ${options.stateDir}: ${(err as Error).message}`);
  }
  const release = acquireLock(join(options.stateDir, 'server.lock'));
  let service: RunService | undefined;
  let http: Server | undefined;
  try {
    const broker = options.queue ? new QueueBroker(await openQueue(options.queue), (m) => process.stderr.write(`aelab: ${m}\n`), options.queue) : undefined;
    const db = openDatabase(join(options.stateDir, 'registry.sqlite'));
    service = new RunService(options, db, broker);
    service.start();
    http = createServer({ requestTimeout: 0, headersTimeout: 30_000 }, createRequestListener(service, options));
    http.maxHeadersCount = 100;
    // Each live subscription holds a connection; leave room for ordinary calls on top.
    http.maxConnections = options.limits.maxSubscriptions + 256;
    await new Promise<void>((ok, fail) => {
      http!.once('error', fail);
      http!.listen(options.port, options.host, () => ok());
    });
  } catch (err) {
    await service?.close();
    service?.database.close();
    release();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ServerError('PORT_IN_USE', `port ${options.port} on ${options.host} is in use (try --port 0)`);
    throw err;
  }
  const port = (http.address() as AddressInfo).port;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  const svc = service;
  const server = http;
  return {
    url: `http://${hostPart}:${port}`,
    port,
    service: svc,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        server.closeAllConnections();
        await svc.close();
        await closed;
        svc.database.close();
        release();
      })()),
  };
}
