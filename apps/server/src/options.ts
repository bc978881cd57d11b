import { availableParallelism } from 'node:os';
import type { ServerLimits } from './api.js';
import { defaultStateDir } from './paths.js';

export interface ServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  stateDir: string;
  /** Where datasets' files are read from (passed to training as `data.dataDir`); never written to. */
  dataDir?: string;
  /** Required on every call when set; required to bind anywhere but loopback. */
  token?: string;
  /** Runs training at the same time (worker threads). */
  concurrency: number;
  /** Extra browser origins allowed to call the API (loopback origins always are). */
  allowOrigins: string[];
  /** A production build of the web app (apps/web/dist) to serve on the same origin as the API. */
  webDir?: string;
  /** How long a stopped run's worker may take to wind down before it is terminated. */
  stopGraceMs: number;
  limits: ServerLimits;
  /** Queue mode: `redis://` or `rediss://` URL of the Redis that carries runs to `aelab worker` processes. */
  queue?: string;
}

export const DEFAULT_PORT = 7070;

export function defaultLimits(): ServerLimits {
  return {
    maxConfigBytes: 256 * 1024,
    maxBodyBytes: 1024 * 1024,
    maxEpochs: 10_000,
    maxQueuedRuns: 10_000,
    maxConcurrency: Math.max(1, availableParallelism()),
    maxSubscriptions: 1000,
  };
}

export function defaultOptions(overrides: Partial<ServerOptions> = {}): ServerOptions {
  const limits = { ...defaultLimits(), ...overrides.limits };
  return {
    host: '127.0.0.1',
    port: DEFAULT_PORT,
    stateDir: defaultStateDir(),
    concurrency: Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2))),
    allowOrigins: [],
    stopGraceMs: 10_000,
    ...overrides,
    limits,
  };
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
