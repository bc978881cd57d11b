import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { scanRunDir } from '../artifacts.js';
import { isInside } from '../paths.js';
import type { RunService } from '../service.js';
import { LEASE_LOST_STATUS, type RemoteFile } from './protocol.js';

/** Checkpoints and snapshots can be large; JSON reports stay small. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** Small files go up together (`/worker/upload`, base64 in JSON): one request instead of one per file. */
const MAX_BATCH_FILES = 256;

const runId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
const workerRef = z.object({ id: z.string().min(1).max(128), name: z.string().min(1).max(128), host: z.string().min(1).max(255) });
const outcome = z.union([
  z.object({ status: z.literal('succeeded'), result: z.unknown() }),
  z.object({ status: z.literal('failed'), error: z.object({ code: z.string(), message: z.string() }) }),
  z.object({ status: z.enum(['cancelled', 'interrupted']) }),
]);
const schemas = {
  heartbeat: workerRef.extend({ backend: z.string().max(64), concurrency: z.number().int().min(1).max(1024), runs: z.array(runId).max(1024) }),
  claim: z.object({ worker: workerRef, runId, attempt: z.number().int().min(0) }),
  report: z.object({ runId, lease: z.string().min(1).max(64), batch: z.number().int().min(1), messages: z.array(z.object({ type: z.enum(['event', 'experiment-event', 'log']) }).loose()).max(10_000) }),
  done: z.object({ runId, lease: z.string().min(1).max(64), outcome }),
  release: z.object({ runId, lease: z.string().min(1).max(64) }),
  upload: z.object({
    runId,
    lease: z.string().min(1).max(64),
    files: z.array(z.object({ path: z.string().min(1).max(1000), data: z.string() })).min(1).max(MAX_BATCH_FILES),
  }),
};

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw Object.assign(new Error('body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** A run-relative path a worker may write: plain segments only, so nothing lands outside the run directory. */
function safeRelPath(path: string): boolean {
  const parts = path.split('/');
  return parts.length <= 8 && parts.every((p) => p.length > 0 && p.length <= 200 && !p.startsWith('.') && !/[\\\0]/.test(p));
}

/**
 * `/worker/*`: how `aelab worker` processes talk to the server (the caller has passed the token check). JSON posts
 * for heartbeats, claims, progress, ends and hand-backs; GET/PUT of a run's files for resuming and uploading.
 */
export async function handleWorkerRoute(service: RunService, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = url.pathname.slice('/worker/'.length);
  try {
    if (route.startsWith('files/')) return await files(service, req, res, url, route.slice('files/'.length));
    if (req.method !== 'POST') return send(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'POST only' });
    const body = await readJson(req);
    switch (route) {
      case 'heartbeat':
        return send(res, 200, { stop: service.heartbeat(schemas.heartbeat.parse(body)) });
      case 'claim': {
        const b = schemas.claim.parse(body);
        return send(res, 200, service.claim(b.worker, b.runId, b.attempt));
      }
      case 'report': {
        const b = schemas.report.parse(body);
        const reply = service.report(b.runId, b.lease, b.batch, b.messages as never);
        return reply ? send(res, 200, reply) : send(res, LEASE_LOST_STATUS, { error: 'LEASE_LOST', message: `run ${b.runId} is not held under this lease` });
      }
      case 'done': {
        const b = schemas.done.parse(body);
        return service.finishRemote(b.runId, b.lease, b.outcome as never) ? send(res, 200, {}) : send(res, LEASE_LOST_STATUS, { error: 'LEASE_LOST', message: `run ${b.runId} is not held under this lease` });
      }
      case 'upload':
        return await upload(service, res, schemas.upload.parse(body));
      case 'release': {
        const b = schemas.release.parse(body);
        return service.release(b.runId, b.lease) ? send(res, 200, {}) : send(res, LEASE_LOST_STATUS, { error: 'LEASE_LOST', message: `run ${b.runId} is not held under this lease` });
      }
      default:
        return send(res, 404, { error: 'NOT_FOUND', message: 'no such route' });
    }
  } catch (err) {
    if (err instanceof z.ZodError) return send(res, 400, { error: 'INVALID_INPUT', message: z.prettifyError(err) });
    if (err instanceof SyntaxError) return send(res, 400, { error: 'INVALID_INPUT', message: 'malformed JSON' });
    const status = (err as { status?: number }).status ?? 500;
    if (!res.headersSent) send(res, status, { error: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL', message: (err as Error).message });
  }
}

async function files(service: RunService, req: IncomingMessage, res: ServerResponse, url: URL, rest: string): Promise<void> {
  const slash = rest.indexOf('/');
  const id = decodeURIComponent(slash < 0 ? rest : rest.slice(0, slash));
  const path = slash < 0 ? '' : rest.slice(slash + 1).split('/').map(decodeURIComponent).join('/');
  const run = runId.safeParse(id).success ? service.registry.get(id) : undefined;
  if (!run || run.kind === 'job') return send(res, 404, { error: 'NOT_FOUND', message: `no run ${id}` });
  const dir = service.runDir(id);
  if (path === '') {
    if (req.method !== 'GET') return send(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'GET only' });
    const list: RemoteFile[] = scanRunDir(dir, false).map((a) => ({ path: a.path, size: a.size }));
    return send(res, 200, list);
  }
  if (!safeRelPath(path)) return send(res, 400, { error: 'BAD_PATH', message: 'malformed file path' });
  const file = join(dir, path);
  if (!isInside(dir, file)) return send(res, 400, { error: 'BAD_PATH', message: 'malformed file path' });
  if (req.method === 'GET') {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return send(res, 404, { error: 'NOT_FOUND', message: `no file ${path}` });
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    return void createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }
  if (req.method !== 'PUT') return send(res, 405, { error: 'METHOD_NOT_ALLOWED', message: 'GET or PUT' });
  // Only the lease holder writes into a run's directory.
  if (run.status !== 'running' || service.registry.lease(id) !== url.searchParams.get('lease')) {
    return send(res, LEASE_LOST_STATUS, { error: 'LEASE_LOST', message: `run ${id} is not held under this lease` });
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_FILE_BYTES) return send(res, 413, { error: 'PAYLOAD_TOO_LARGE', message: `file over ${MAX_FILE_BYTES} bytes` });
  await writeAside(file, (tmp) => pipeline(req, createWriteStream(tmp)));
  send(res, 200, {});
}

/** Several small files of a run at once, under its lease; every path is checked before anything is written. */
async function upload(service: RunService, res: ServerResponse, body: z.infer<typeof schemas.upload>): Promise<void> {
  const run = service.registry.get(body.runId);
  if (!run || run.kind === 'job') return send(res, 404, { error: 'NOT_FOUND', message: `no run ${body.runId}` });
  if (run.status !== 'running' || service.registry.lease(body.runId) !== body.lease) {
    return send(res, LEASE_LOST_STATUS, { error: 'LEASE_LOST', message: `run ${body.runId} is not held under this lease` });
  }
  const dir = service.runDir(body.runId);
  const files = body.files.map((f) => ({ file: join(dir, f.path), ok: safeRelPath(f.path), data: f.data }));
  if (files.some((f) => !f.ok || !isInside(dir, f.file))) return send(res, 400, { error: 'BAD_PATH', message: 'malformed file path' });
  for (const f of files) await writeAside(f.file, (tmp) => writeFile(tmp, Buffer.from(f.data, 'base64')));
  send(res, 200, {});
}

/** Written aside and renamed, so a reader (or a resuming worker) never sees half a file. */
async function writeAside(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await write(tmp);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
