import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServerError } from '../errors.js';
import { LEASE_LOST_STATUS, type RemoteFile } from './protocol.js';

/** The lease is someone else's now: the worker drops the run without reporting more. */
export class LeaseLost extends ServerError {
  constructor(runId: string) {
    super('LEASE_LOST', `run ${runId} is held by another worker now`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A worker's calls to the server. Network failures and 5xx answers are retried with backoff until `give up` says
 * so: the server may be restarting, and nothing a worker did may be lost meanwhile.
 */
export class ServerLink {
  constructor(
    private readonly base: string,
    private readonly token: string | undefined,
    private readonly giveUp: () => boolean = () => false,
  ) {}

  post<T>(route: string, body: unknown): Promise<T> {
    return this.retrying(async () => {
      const res = await fetch(`${this.base}/worker/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.auth() },
        body: JSON.stringify(body),
      });
      return this.json<T>(res, route, (body as { runId?: string }).runId);
    });
  }

  listFiles(runId: string): Promise<RemoteFile[]> {
    return this.retrying(async () => this.json<RemoteFile[]>(await fetch(`${this.base}/worker/files/${runId}`, { headers: this.auth() }), 'files'));
  }

  download(runId: string, path: string, dir: string): Promise<void> {
    return this.retrying(async () => {
      const res = await fetch(`${this.base}/worker/files/${runId}/${encodePath(path)}`, { headers: this.auth() });
      if (!res.ok || !res.body) await this.json(res, 'files');
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      await pipeline(Readable.fromWeb(res.body as never), createWriteStream(file));
    });
  }

  upload(runId: string, lease: string, dir: string, path: string): Promise<void> {
    return this.retrying(async () => {
      // Read whole, as one snapshot: training may be appending to the file (metrics) while it goes up.
      const body = readFileSync(join(dir, path));
      const res = await fetch(`${this.base}/worker/files/${runId}/${encodePath(path)}?lease=${encodeURIComponent(lease)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', ...this.auth() },
        body,
      });
      await this.json(res, 'files', runId);
    });
  }

  /** Several small files in one request (`/worker/upload`); each is read whole, as one snapshot. */
  uploadMany(runId: string, lease: string, dir: string, paths: string[]): Promise<void> {
    const files = paths.map((path) => ({ path, data: readFileSync(join(dir, path)).toString('base64') }));
    return this.post<unknown>('upload', { runId, lease, files }).then(() => undefined);
  }

  private auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async json<T>(res: Response, route: string, runId?: string): Promise<T> {
    if (res.status === LEASE_LOST_STATUS) throw new LeaseLost(runId ?? '?');
    const text = await res.text();
    if (res.status >= 500) throw Object.assign(new Error(`server answered ${res.status} to ${route}: ${text.slice(0, 200)}`), { retry: true });
    if (!res.ok) throw new ServerError(res.status === 401 ? 'UNAUTHORIZED' : 'SERVER_REFUSED', `server refused ${route} (${res.status}): ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  private async retrying<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const transient = !(err instanceof ServerError) || (err as { retry?: boolean }).retry === true;
        if (!transient || this.giveUp()) throw err;
        await sleep(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
