import type { Worker } from 'node:worker_threads';
import type { ExperimentEvent } from '@aelab/core';
import type { TrainEvent } from '../train-event.js';
import type { BackendProbe, FromWorker, RunOutcome, RunTask, StopReason, ToWorker } from './protocol.js';
import { spawnTrainingWorker } from './spawn.js';

export interface PoolHandlers {
  /** `json`: see FromWorker's `event`. */
  onEvent(runId: string, event: TrainEvent, json?: string): void;
  onExperimentEvent(runId: string, event: ExperimentEvent): void;
  onLog(runId: string, message: string): void;
  /** Called exactly once per started run. */
  onDone(runId: string, outcome: RunOutcome): void;
}

interface Slot {
  worker: Worker;
  runId?: string;
  stopTimer?: NodeJS.Timeout;
  stopReason?: StopReason;
}

/**
 * Long-lived worker threads, one run each at a time (a worker keeps TensorFlow.js loaded between runs).
 * A stop asks the worker to abort; a worker that has not finished within the grace period is terminated.
 */
export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly handlers: PoolHandlers,
    private readonly stopGraceMs: number,
    private readonly spawn: () => Worker = spawnTrainingWorker,
  ) {}

  get capacity(): number {
    return this.size;
  }

  get busy(): number {
    let n = 0;
    for (const s of this.slots) if (s.runId) n++;
    return n;
  }

  running(): string[] {
    return [...this.slots].flatMap((s) => (s.runId ? [s.runId] : []));
  }

  isRunning(runId: string): boolean {
    return this.slotOf(runId) !== undefined;
  }

  start(runId: string, task: RunTask): void {
    if (this.closed) throw new Error('worker pool is closed');
    if (this.busy >= this.size) throw new Error('no free worker');
    const slot = [...this.slots].find((s) => !s.runId) ?? this.addSlot();
    slot.runId = runId;
    this.post(slot, { type: 'start', runId, task });
  }

  /** Asks the run's worker to stop; returns false when the run is not on a worker. */
  stop(runId: string, reason: StopReason): boolean {
    const slot = this.slotOf(runId);
    if (!slot) return false;
    if (slot.stopTimer) return true;
    slot.stopReason = reason;
    this.post(slot, { type: 'stop', runId, reason });
    slot.stopTimer = setTimeout(() => this.kill(slot, { status: reason === 'shutdown' ? 'interrupted' : 'cancelled' }), this.stopGraceMs);
    slot.stopTimer.unref();
    return true;
  }

  /** Runs the backend probe on a short-lived worker, so that no run waits behind it. */
  probe(timeoutMs = 60_000): Promise<BackendProbe> {
    return new Promise((resolve, reject) => {
      const worker = this.spawn();
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new Error('backend probe timed out'));
      }, timeoutMs);
      worker.on('message', (msg: FromWorker) => {
        if (msg.type !== 'probe') return;
        clearTimeout(timer);
        void worker.terminate();
        resolve(msg.report);
      });
      worker.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      worker.postMessage({ type: 'probe' } satisfies ToWorker);
    });
  }

  /** Stops every run with `reason` and terminates the workers; resolves once every run has reported done. */
  async close(reason: StopReason = 'shutdown'): Promise<void> {
    this.closed = true;
    const pending = [...this.slots].filter((s) => s.runId);
    for (const s of pending) this.stop(s.runId!, reason);
    const deadline = Date.now() + this.stopGraceMs + 1000;
    while ([...this.slots].some((s) => s.runId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const all = [...this.slots];
    this.slots.clear();
    await Promise.all(all.map((s) => s.worker.terminate()));
  }

  private slotOf(runId: string): Slot | undefined {
    return [...this.slots].find((s) => s.runId === runId);
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: this.spawn() };
    this.slots.add(slot);
    slot.worker.on('message', (msg: FromWorker) => this.onMessage(slot, msg));
    slot.worker.on('error', (err) => this.kill(slot, { status: 'failed', error: { code: 'WORKER_CRASHED', message: err.message } }));
    slot.worker.on('exit', (code) => {
      if (this.slots.has(slot)) this.kill(slot, { status: 'failed', error: { code: 'WORKER_CRASHED', message: `training worker exited (code ${code})` } });
    });
    return slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (msg.type === 'event' && msg.runId === slot.runId) this.handlers.onEvent(msg.runId, msg.event, msg.json);
    else if (msg.type === 'experiment-event' && msg.runId === slot.runId) this.handlers.onExperimentEvent(msg.runId, msg.event);
    else if (msg.type === 'log' && msg.runId === slot.runId) this.handlers.onLog(msg.runId, msg.message);
    else if (msg.type === 'done' && msg.runId === slot.runId) this.finish(slot, msg.outcome);
  }

  private finish(slot: Slot, outcome: RunOutcome): void {
    const runId = slot.runId;
    if (slot.stopTimer) clearTimeout(slot.stopTimer);
    slot.runId = undefined;
    slot.stopTimer = undefined;
    slot.stopReason = undefined;
    if (runId) this.handlers.onDone(runId, outcome);
  }

  /** Drops a worker that crashed or ignored a stop; its run ends with `outcome`. */
  private kill(slot: Slot, outcome: RunOutcome): void {
    if (!this.slots.delete(slot)) return;
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    this.finish(slot, outcome);
  }

  private post(slot: Slot, msg: ToWorker): void {
    slot.worker.postMessage(msg);
  }
}
