import type { Queue } from 'bullmq';
import type { RunSummary, WorkerInfo } from '../api.js';
import type { StopReason } from '../worker/protocol.js';
import type { Heartbeat } from './protocol.js';
import { RedisOutage } from './outage.js';
import { jobIdOf, type QueueJobData } from './redis.js';

/** A worker that has not reported in for this long is no longer listed. */
const WORKER_TTL_MS = 15_000;

/**
 * The server's side of queue mode that is not about one run: putting queued runs on the BullMQ queue (each
 * (run, attempt) at most once: its job id), the workers that report in, and the stops waiting for their holders.
 */
export class QueueBroker {
  private readonly dispatched = new Set<string>();
  private readonly seen = new Map<string, WorkerInfo>();
  private readonly stops = new Map<string, StopReason>();
  private warned = false;
  readonly outage: RedisOutage;

  constructor(
    private readonly queue: Queue<QueueJobData>,
    private readonly log: (message: string) => void,
    url: string,
  ) {
    this.outage = new RedisOutage(
      url,
      log,
      'runs stay queued in the registry and go on the queue when it answers; workers keep training the runs they hold',
      'queued runs go on the queue again',
    );
    this.outage.watch(queue);
    // Redis may have come back without the jobs it had (no persistence, or its last second lost): queue them all
    // again. A job id that is still there is a no-op.
    (queue.getBackend() as unknown as NodeJS.EventEmitter).on('ready', () => this.dispatched.clear());
  }

  /** Queues the run's current attempt; a failure (Redis away) leaves it to the next pump, the run stays queued. */
  dispatch(run: RunSummary): void {
    const data: QueueJobData = { runId: run.id, attempt: run.attempt };
    const jobId = jobIdOf(data);
    if (this.dispatched.has(jobId)) return;
    this.dispatched.add(jobId);
    // An existing job id is a no-op in BullMQ, which makes re-dispatching after a restart safe.
    this.queue.add('run', data, { jobId, removeOnComplete: true, removeOnFail: 1000 }).then(
      () => {
        this.warned = false;
      },
      (err: unknown) => {
        this.dispatched.delete(jobId);
        if (!this.warned && !this.outage.isDown) this.log(`cannot queue run ${run.id} on Redis (kept queued, retrying): ${(err as Error).message}`);
        this.warned = true;
      },
    );
  }

  /** The job left the queue: should its run come back under the same attempt (cancel, then resume), it is queued anew. */
  claimed(data: QueueJobData): void {
    this.dispatched.delete(jobIdOf(data));
  }

  heartbeat(beat: Heartbeat): { runId: string; reason: StopReason }[] {
    this.seen.set(beat.id, { ...beat, lastSeen: new Date().toISOString() });
    return beat.runs.flatMap((runId) => {
      const reason = this.stops.get(runId);
      return reason ? [{ runId, reason }] : [];
    });
  }

  workers(): WorkerInfo[] {
    const cutoff = Date.now() - WORKER_TTL_MS;
    for (const [id, w] of this.seen) if (Date.parse(w.lastSeen) < cutoff) this.seen.delete(id);
    return [...this.seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  requestStop(runId: string, reason: StopReason): void {
    this.stops.set(runId, reason);
  }

  stopFor(runId: string): StopReason | undefined {
    return this.stops.get(runId);
  }

  clearStop(runId: string): void {
    this.stops.delete(runId);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
