import { Queue, type ConnectionOptions } from 'bullmq';
import { ServerError } from '../errors.js';

/** One BullMQ queue carries every run and experiment; its name is part of the wire contract with workers. */
export const QUEUE_NAME = 'aelab-runs';

/** What a queued job says: which run, and which attempt of it (a resumed run gets a new job). */
export interface QueueJobData {
  runId: string;
  /** The run's attempt count when it was queued: a claim for an older attempt is refused. */
  attempt: number;
}

export const jobIdOf = (data: QueueJobData): string => `${data.runId}.${data.attempt}`;

/**
 * Checks a `redis://[:PASSWORD@]HOST:PORT[/DB]` or `rediss://` URL and turns it into BullMQ's connection options.
 * `maxRetriesPerRequest: null` is what BullMQ workers need: a command waits for Redis to come back instead of failing.
 */
export function redisConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ServerError('INVALID_INPUT', `--queue must be redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://..., got "${url}"`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ServerError('INVALID_INPUT', `--queue must be a redis:// or rediss:// URL, got "${u.protocol}//..."`);
  }
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new ServerError('INVALID_INPUT', `--queue: the database must be a number, got "/${db}"`);
  return { url, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** The URL with its password hidden, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid url>';
  }
}

/**
 * Opens the queue, or fails at once with one clear line when Redis cannot be reached: at start a mistyped URL or a
 * Redis that is not up is the user's to fix (or a supervisor's to retry: systemd, compose `restart: on-failure`).
 * Once running, the client reconnects by itself (see RedisOutage).
 */
export async function openQueue(url: string, timeoutMs = 5000): Promise<Queue<QueueJobData>> {
  const queue = new Queue<QueueJobData>(QUEUE_NAME, { connection: redisConnection(url) });
  // The first connection error (refused, unknown host) ends the wait; later ones are the outage watcher's.
  const refused = new Promise<never>((_, reject) => queue.on('error', reject));
  refused.catch(() => {});
  try {
    await withTimeout(Promise.race([queue.getJobCounts('wait'), refused]), timeoutMs);
  } catch (err) {
    await queue.close().catch(() => {});
    throw new ServerError('REDIS_UNREACHABLE', `cannot reach Redis at ${redactedUrl(url)}: ${(err as Error).message}`);
  }
  return queue;
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e as Error);
      },
    );
  });
}
