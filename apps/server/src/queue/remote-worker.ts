import { mkdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker as BullWorker, type Job } from 'bullmq';
import type { WorkerRef } from '../api.js';
import { scanRunDir } from '../artifacts.js';
import { effectiveConfig } from '../policy.js';
import { WorkerPool } from '../worker/pool.js';
import type { RunOutcome, RunTask } from '../worker/protocol.js';
import type { ClaimReply, HeartbeatReply, ReportMessage, ReportReply, ReportRequest } from './protocol.js';
import { RedisOutage } from './outage.js';
import { QUEUE_NAME, redisConnection, type QueueJobData } from './redis.js';
import { LeaseLost, ServerLink } from './server-link.js';

export interface RemoteWorkerOptions {
  queue: string;
  server: string;
  token?: string;
  concurrency: number;
  backend?: string;
  dataDir?: string;
  name: string;
  /** Where runs train locally (one directory per run, removed after its files are uploaded). */
  workDir: string;
  /** BullMQ's job lock: a worker that stops renewing it for this long loses the job to another worker. */
  lockMs: number;
  log: (message: string) => void;
}

/** Progress goes to the server in batches, a few per second. */
const REPORT_INTERVAL_MS = 250;
const HEARTBEAT_MS = 2000;
/** Files up to this size go up together, up to UPLOAD_BATCH_BYTES a request; bigger ones are streamed one by one. */
const SMALL_FILE_BYTES = 1024 * 1024;
const UPLOAD_BATCH_BYTES = 8 * 1024 * 1024;

interface Held {
  runId: string;
  lease: string;
  dir: string;
  pending: ReportMessage[];
  /** The number of the last batch of progress sent under this lease. */
  batch: number;
  /** Set when the lease went to another worker: nothing more is reported. */
  lost: boolean;
  /** Files as last uploaded (size:mtime), so each sync sends only what changed. */
  uploaded: Map<string, string>;
  syncing: Promise<void>;
  done: (outcome: RunOutcome) => void;
}

/**
 * `aelab worker`: takes jobs from the BullMQ queue, trains each in a worker thread of its own pool (the main thread
 * stays free to renew BullMQ's locks and to talk to the server), streams progress to the server and uploads the run's
 * files after every checkpoint and at the end, so that whoever takes the run next resumes from there.
 */
export class RemoteWorker {
  readonly ref: WorkerRef;
  private readonly link: ServerLink;
  private readonly pool: WorkerPool;
  private readonly held = new Map<string, Held>();
  private bull?: BullWorker<QueueJobData>;
  private heartbeat?: NodeJS.Timeout;
  private reporter?: NodeJS.Timeout;
  private stopping = false;

  constructor(private readonly opts: RemoteWorkerOptions) {
    this.ref = { id: `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, name: opts.name, host: hostname() };
    this.link = new ServerLink(opts.server, opts.token);
    this.pool = new WorkerPool(
      opts.concurrency,
      {
        onEvent: (runId, event, json) => {
          this.queueMessage(runId, { type: 'event', runId, event, ...(json !== undefined ? { json } : {}) });
          if (event.type === 'checkpoint') this.sync(runId);
        },
        onExperimentEvent: (runId, event) => {
          this.queueMessage(runId, { type: 'experiment-event', runId, event });
          if (event.type === 'job-end') this.sync(runId);
        },
        onLog: (runId, message) => this.queueMessage(runId, { type: 'log', runId, message }),
        onDone: (runId, outcome) => this.held.get(runId)?.done(outcome),
      },
      30_000,
    );
  }

  async start(): Promise<void> {
    mkdirSync(this.opts.workDir, { recursive: true });
    this.bull = new BullWorker<QueueJobData>(QUEUE_NAME, (job) => this.process(job), {
      connection: redisConnection(this.opts.queue),
      concurrency: this.opts.concurrency,
      name: this.opts.name,
      lockDuration: this.opts.lockMs,
      stalledInterval: this.opts.lockMs,
      // A job comes back each time its holder dies; it is the run's checkpoints that bound the lost work.
      maxStalledCount: 1000,
      // After Redis went away, ask again for jobs within seconds of its return (BullMQ's default waits 15 s).
      runRetryDelay: 2000,
    });
    new RedisOutage(this.opts.queue, (m) => this.opts.log(m), 'runs in training go on and report to the server; no new runs until it answers', 'taking runs again').watch(
      this.bull,
      (err) => this.opts.log(`queue: ${err.message}`),
    );
    await this.bull.waitUntilReady();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.reporter = setInterval(() => void this.flushAll(), REPORT_INTERVAL_MS);
    void this.beat();
  }

  /** SIGTERM: every run stops after its current step with a checkpoint, its files go up, and it is handed back. */
  async stop(): Promise<void> {
    this.stopping = true;
    const closing = this.bull?.close();
    for (const runId of this.held.keys()) this.pool.stop(runId, 'shutdown');
    await closing;
    clearInterval(this.heartbeat);
    clearInterval(this.reporter);
    await this.pool.close('shutdown');
  }

  private async process(job: Job<QueueJobData>): Promise<string> {
    const { runId, attempt } = job.data;
    const claim = await this.link.post<ClaimReply>('claim', { worker: this.ref, runId, attempt });
    if (!claim.ok) return `skipped: ${claim.reason}`;
    const dir = join(this.opts.workDir, runId);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let resolveDone!: (o: RunOutcome) => void;
    const finished = new Promise<RunOutcome>((r) => (resolveDone = r));
    const held: Held = { runId, lease: claim.lease, dir, pending: [], batch: 0, lost: false, uploaded: new Map(), syncing: Promise.resolve(), done: resolveDone };
    this.held.set(runId, held);
    try {
      // Whatever an earlier holder uploaded (config, metrics, checkpoint, finished experiment jobs) is where this one starts.
      if (claim.resume) {
        for (const f of await this.link.listFiles(runId)) await this.link.download(runId, f.path, dir);
        this.remember(held);
      }
      this.opts.log(`run ${runId}: ${claim.resume ? 'resuming' : 'starting'} (attempt ${attempt + 1})`);
      this.pool.start(runId, this.localTask(claim.task, dir));
      const outcome = await finished;
      await this.flush(held);
      held.syncing = held.syncing.then(() => this.upload(held));
      await held.syncing;
      if (held.lost) return 'lease lost';
      if (this.stopping && outcome.status === 'interrupted') {
        await this.link.post('release', { runId, lease: held.lease });
        return 'handed back';
      }
      await this.link.post('done', { runId, lease: held.lease, outcome });
      this.opts.log(`run ${runId}: ${outcome.status}`);
      return outcome.status;
    } catch (err) {
      if (err instanceof LeaseLost) return 'lease lost';
      throw err;
    } finally {
      this.held.delete(runId);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The server's task, pointed at this machine: its run directory, its datasets, its backend. */
  private localTask(task: RunTask, dir: string): RunTask {
    const backend = this.opts.backend;
    if (task.kind === 'experiment') {
      const options = { ...task.options, ...(this.opts.dataDir ? { dataDir: this.opts.dataDir } : {}), ...(backend ? { backend } : {}), download: false };
      return { ...task, options, runDir: dir };
    }
    const config = effectiveConfig(backend ? { ...task.config, backend: backend as never } : task.config, this.opts.dataDir);
    return { ...task, config, runDir: dir, ...(this.opts.dataDir ? { dataDir: this.opts.dataDir } : {}) };
  }

  private queueMessage(runId: string, msg: ReportMessage): void {
    const held = this.held.get(runId);
    if (held && !held.lost) held.pending.push(msg);
  }

  private async flushAll(): Promise<void> {
    await Promise.all([...this.held.values()].map((h) => this.flush(h).catch(() => {})));
  }

  private flushing = new Map<string, Promise<void>>();

  /** Sends what is pending, in order (one batch in flight per run). */
  private flush(held: Held): Promise<void> {
    const prev = this.flushing.get(held.runId) ?? Promise.resolve();
    const next = prev.then(async () => {
      if (held.lost || held.pending.length === 0) return;
      const messages = held.pending.splice(0);
      // Retried as is while the server does not answer, so the server can tell a repeat from the next batch.
      const request: ReportRequest = { runId: held.runId, lease: held.lease, batch: ++held.batch, messages };
      try {
        const reply = await this.link.post<ReportReply>('report', request);
        if (reply.stop) this.pool.stop(held.runId, reply.stop);
      } catch (err) {
        if (err instanceof LeaseLost) return this.drop(held);
        held.pending.unshift(...messages);
        throw err;
      }
    });
    this.flushing.set(held.runId, next.catch(() => {}));
    return next;
  }

  private drop(held: Held): void {
    if (held.lost) return;
    held.lost = true;
    held.pending = [];
    this.opts.log(`run ${held.runId}: another worker holds it now; stopping here`);
    this.pool.stop(held.runId, 'shutdown');
  }

  private sync(runId: string): void {
    const held = this.held.get(runId);
    if (!held || held.lost) return;
    // Progress first: the checkpoint's event is stored before its files, so a resume never runs ahead of the record.
    held.syncing = held.syncing.then(() => this.flush(held).catch(() => {})).then(() => this.upload(held).catch((err: unknown) => {
      if (err instanceof LeaseLost) this.drop(held);
      else this.opts.log(`run ${runId}: upload failed: ${(err as Error).message}`);
    }));
  }

  /** What changed since the last upload goes up: small files together in a few requests, big ones one by one. */
  private async upload(held: Held): Promise<void> {
    if (held.lost) return;
    const small: { path: string; stamp: string; size: number }[] = [];
    for (const f of scanRunDir(held.dir, false)) {
      const stamp = this.stamp(held.dir, f.path);
      if (!stamp || held.uploaded.get(f.path) === stamp) continue;
      if (f.size <= SMALL_FILE_BYTES) {
        small.push({ path: f.path, stamp, size: f.size });
        continue;
      }
      await this.link.upload(held.runId, held.lease, held.dir, f.path);
      held.uploaded.set(f.path, stamp);
    }
    while (small.length > 0) {
      const batch: typeof small = [];
      let bytes = 0;
      while (small.length > 0 && batch.length < 256 && (batch.length === 0 || bytes + small[0]!.size <= UPLOAD_BATCH_BYTES)) {
        bytes += small[0]!.size;
        batch.push(small.shift()!);
      }
      await this.link.uploadMany(held.runId, held.lease, held.dir, batch.map((f) => f.path));
      for (const f of batch) held.uploaded.set(f.path, f.stamp);
    }
  }

  private remember(held: Held): void {
    for (const f of scanRunDir(held.dir, false)) {
      const stamp = this.stamp(held.dir, f.path);
      if (stamp) held.uploaded.set(f.path, stamp);
    }
  }

  private stamp(dir: string, path: string): string | undefined {
    try {
      const st = statSync(join(dir, path));
      return `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined;
    }
  }

  private async beat(): Promise<void> {
    try {
      const reply = await new ServerLink(this.opts.server, this.opts.token, () => true).post<HeartbeatReply>('heartbeat', {
        ...this.ref,
        backend: this.opts.backend ?? 'auto',
        concurrency: this.opts.concurrency,
        runs: [...this.held.keys()],
      });
      for (const s of reply.stop) this.pool.stop(s.runId, s.reason);
    } catch {
      // The server may be restarting; the next beat tries again.
    }
  }
}
