import { RUN_STATUSES, type ReportTable, type RunConfig } from '@aelab/core';
import type { Artifact, CheckpointInfo, ChildrenSummary, MetricPoint, RunDetail, RunEvent, RunKind, RunProgress, RunStatus, RunSummary, WorkerRef } from '../api.js';
import { epochPoint } from '../metrics.js';
import type { ListInput } from '../service-api.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

interface RunRow {
  seq: number;
  id: string;
  key: string;
  name: string | null;
  status: RunStatus;
  dataset: string;
  model: string;
  seed: number;
  config: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  attempt: number;
  resume: number;
  progress: string | null;
  metrics: string;
  result: string | null;
  checkpoint: string | null;
  error_code: string | null;
  error_message: string | null;
  kind: RunKind;
  parent_id: string | null;
  experiment: string | null;
  options: string | null;
  job_key: string | null;
  planned: number | null;
  tables: string | null;
  worker: string | null;
  lease: string | null;
  report_seq: number;
}

interface EventRow {
  seq: number;
  run_id: string;
  time: string;
  type: string;
  kind: string | null;
  data: string;
}

export interface NewRun {
  id: string;
  key: string;
  name: string | null;
  dataset: string;
  model: string;
  seed: number;
  /** Null for experiment and job runs. */
  config: RunConfig | null;
  kind?: RunKind;
  parentId?: string | null;
  experiment?: string | null;
  options?: Record<string, unknown> | null;
  jobKey?: string | null;
}

/** A job's child run, created when the job first starts (running) or found finished by an earlier attempt. */
export interface NewChild extends Omit<NewRun, 'config' | 'kind' | 'parentId' | 'jobKey'> {
  parentId: string;
  jobKey: string;
  status: 'running' | 'succeeded';
  result?: unknown;
  metrics?: Record<string, number>;
}

/** What a stored event carries besides its seq/run/time (RunEvent without the envelope). */
export type EventBody = RunEvent extends infer E ? (E extends RunEvent ? Omit<E, 'seq' | 'runId' | 'time'> : never) : never;

export type StoredArtifact = Omit<Artifact, 'url'>;

const now = (): string => new Date().toISOString();

function toSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    status: r.status,
    dataset: r.dataset,
    model: r.model,
    seed: r.seed,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    attempt: r.attempt,
    progress: r.progress ? (JSON.parse(r.progress) as RunProgress) : null,
    metrics: JSON.parse(r.metrics) as Record<string, number>,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    checkpoint: r.checkpoint ? (JSON.parse(r.checkpoint) as CheckpointInfo) : null,
    kind: r.kind,
    parentId: r.parent_id,
    experiment: r.experiment,
    jobKey: r.job_key,
    ...(r.worker ? { worker: JSON.parse(r.worker) as WorkerRef } : {}),
  };
}

function toEvent(r: EventRow): RunEvent {
  return { seq: r.seq, runId: r.run_id, time: r.time, ...(JSON.parse(r.data) as EventBody) } as RunEvent;
}

/**
 * The run registry: every state change of a run goes through here, in one transaction with the status event
 * that announces it, so the stored history and the stored state never disagree.
 */
export class RunRegistry {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO runs (id, key, name, status, dataset, model, seed, config, created_at, kind, parent_id, experiment, options, job_key)
         VALUES (@id, @key, @name, 'queued', @dataset, @model, @seed, @config, @created_at, @kind, @parentId, @experiment, @options, @jobKey)`,
      ),
      insertChild: db.prepare(
        `INSERT INTO runs (id, key, name, status, dataset, model, seed, config, created_at, started_at, finished_at, attempt,
           metrics, result, kind, parent_id, experiment, options, job_key)
         VALUES (@id, @key, @name, @status, @dataset, @model, @seed, 'null', @time, @time, @finished, 1,
           @metrics, @result, 'job', @parentId, @experiment, @options, @jobKey)`,
      ),
      child: db.prepare<[string, string], RunRow>('SELECT * FROM runs WHERE parent_id = ? AND job_key = ?'),
      childCounts: db.prepare<[string], { status: RunStatus; n: number }>('SELECT status, COUNT(*) AS n FROM runs WHERE parent_id = ? GROUP BY status'),
      childrenWith: db.prepare<[string, string], RunRow>('SELECT * FROM runs WHERE parent_id = ? AND status = ? ORDER BY seq'),
      // What a worker can start: training runs (top-level, or a sweep's) and experiments; jobs run inside their
      // experiment, and a sweep's own status follows its children.
      queuedTop: db.prepare<[], RunRow>(`SELECT * FROM runs WHERE status = 'queued' AND kind IN ('training', 'experiment') ORDER BY seq`),
      children: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE parent_id = ? ORDER BY seq'),
      planned: db.prepare('UPDATE runs SET planned = ? WHERE id = ?'),
      tables: db.prepare('UPDATE runs SET tables = ? WHERE id = ?'),
      get: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?'),
      setStatus: db.prepare('UPDATE runs SET status = ? WHERE id = ?'),
      start: db.prepare(`UPDATE runs SET status = 'running', started_at = ?, attempt = attempt + 1 WHERE id = ?`),
      finish: db.prepare(
        `UPDATE runs SET status = @status, finished_at = @time, error_code = @code, error_message = @message,
           result = COALESCE(@result, result), resume = 0 WHERE id = @id`,
      ),
      requeue: db.prepare(
        `UPDATE runs SET status = 'queued', resume = @resume, finished_at = NULL, error_code = NULL, error_message = NULL
         WHERE id = @id`,
      ),
      progress: db.prepare('UPDATE runs SET progress = ?, metrics = ? WHERE id = ?'),
      checkpoint: db.prepare('UPDATE runs SET checkpoint = ? WHERE id = ?'),
      setLease: db.prepare('UPDATE runs SET worker = ?, lease = ?, report_seq = 0 WHERE id = ?'),
      lease: db.prepare<[string], { lease: string | null; report_seq: number }>('SELECT lease, report_seq FROM runs WHERE id = ?'),
      setReportSeq: db.prepare('UPDATE runs SET report_seq = ? WHERE id = ?'),
      countStatus: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM runs WHERE status = ?'),
      byStatus: db.prepare<[string], RunRow>('SELECT * FROM runs WHERE status = ? ORDER BY seq'),
      event: db.prepare('INSERT INTO events (run_id, time, type, kind, data) VALUES (?, ?, ?, ?, ?)'),
      eventsAfter: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      statusAfter: db.prepare<[number, number], EventRow>(`SELECT * FROM events WHERE type = 'status' AND seq > ? ORDER BY seq LIMIT ?`),
      lastSeq: db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events'),
      history: db.prepare<[string], EventRow>(`SELECT * FROM events WHERE run_id = ? AND kind = 'epoch' ORDER BY seq`),
      delete: db.prepare('DELETE FROM runs WHERE id = ?'),
      clearArtifacts: db.prepare('DELETE FROM artifacts WHERE run_id = ?'),
      addArtifact: db.prepare(
        `INSERT INTO artifacts (run_id, path, kind, media_type, size, complete) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      artifacts: db.prepare<[string], { path: string; kind: string; media_type: string; size: number; complete: number }>(
        'SELECT path, kind, media_type, size, complete FROM artifacts WHERE run_id = ? ORDER BY path',
      ),
    };
  }

  create(run: NewRun): { summary: RunSummary; event: RunEvent } {
    return this.db.transaction(() => {
      const time = now();
      this.stmts.insert.run({
        id: run.id,
        key: run.key,
        name: run.name,
        dataset: run.dataset,
        model: run.model,
        seed: run.seed,
        config: JSON.stringify(run.config),
        created_at: time,
        kind: run.kind ?? 'training',
        parentId: run.parentId ?? null,
        experiment: run.experiment ?? null,
        options: run.options ? JSON.stringify(run.options) : null,
        jobKey: run.jobKey ?? null,
      });
      const event = this.appendEventTx(run.id, { type: 'status', status: 'queued' }, time);
      return { summary: this.get(run.id)!, event };
    })();
  }

  get(id: string): RunSummary | undefined {
    const row = this.stmts.get.get(id);
    return row && toSummary(row);
  }

  detail(id: string): RunDetail | undefined {
    const row = this.stmts.get.get(id);
    if (!row) return undefined;
    return {
      ...toSummary(row),
      config: JSON.parse(row.config) as RunConfig | null,
      options: row.options ? (JSON.parse(row.options) as Record<string, unknown>) : null,
      history: this.history(id),
      result: row.result ? (JSON.parse(row.result) as unknown) : null,
      children: row.kind === 'experiment' || row.kind === 'sweep' ? this.childrenSummary(row) : null,
    };
  }

  /** What a worker needs to start the run, and whether a training run should resume from its checkpoint. */
  launchInfo(id: string): { kind: RunKind; config: RunConfig | null; experiment: string | null; options: Record<string, unknown> | null; resume: boolean } | undefined {
    const row = this.stmts.get.get(id);
    return (
      row && {
        kind: row.kind,
        config: JSON.parse(row.config) as RunConfig | null,
        experiment: row.experiment,
        options: row.options ? (JSON.parse(row.options) as Record<string, unknown>) : null,
        resume: row.resume === 1,
      }
    );
  }

  private childrenSummary(row: RunRow): ChildrenSummary {
    return { planned: row.planned ?? 0, counts: this.childCounts(row.id), tables: row.tables ? (JSON.parse(row.tables) as ReportTable[]) : [] };
  }

  /** A parent's child runs by status (every status present, 0 when none). */
  childCounts(parentId: string): Record<RunStatus, number> {
    const counts = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
    for (const { status, n } of this.stmts.childCounts.all(parentId)) counts[status] = n;
    return counts;
  }

  /** The child run of `parentId`'s job `jobKey`, if the job ever started. */
  child(parentId: string, jobKey: string): RunSummary | undefined {
    const row = this.stmts.child.get(parentId, jobKey);
    return row && toSummary(row);
  }

  /** Every child run of `parentId` in creation order, with its options (a sweep child's point and seed). */
  children(parentId: string): { summary: RunSummary; options: Record<string, unknown> | null }[] {
    return this.stmts.children.all(parentId).map((row) => ({ summary: toSummary(row), options: row.options ? (JSON.parse(row.options) as Record<string, unknown>) : null }));
  }

  /** A run's options column: an experiment's options, a job's facts, a sweep's definition and points. */
  options(id: string): Record<string, unknown> | null {
    const row = this.stmts.get.get(id);
    return row?.options ? (JSON.parse(row.options) as Record<string, unknown>) : null;
  }

  /** Runs `fn` in one transaction (nested calls become savepoints): all of its writes are stored, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  childrenWith(parentId: string, status: RunStatus): RunSummary[] {
    return this.stmts.childrenWith.all(parentId, status).map(toSummary);
  }

  /** Creates a job's child run with the status event that announces it. */
  createChild(run: NewChild): { summary: RunSummary; event: RunEvent } {
    return this.db.transaction(() => {
      const time = now();
      this.stmts.insertChild.run({
        id: run.id,
        key: run.key,
        name: run.name,
        status: run.status,
        dataset: run.dataset,
        model: run.model,
        seed: run.seed,
        time,
        finished: run.status === 'succeeded' ? time : null,
        metrics: JSON.stringify(run.metrics ?? {}),
        result: run.result === undefined ? null : JSON.stringify(run.result),
        parentId: run.parentId,
        experiment: run.experiment ?? null,
        options: run.options ? JSON.stringify(run.options) : null,
        jobKey: run.jobKey,
      });
      const event = this.appendEventTx(run.id, { type: 'status', status: run.status }, time);
      return { summary: this.get(run.id)!, event };
    })();
  }

  setPlanned(id: string, planned: number): void {
    this.stmts.planned.run(planned, id);
  }

  setTables(id: string, tables: ReportTable[]): void {
    this.stmts.tables.run(JSON.stringify(tables), id);
  }

  list(filter: ListInput): { items: RunSummary[]; total: number } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.status && filter.status.length > 0) {
      where.push(`status IN (${filter.status.map((_, i) => `@s${i}`).join(', ')})`);
      filter.status.forEach((s, i) => (params[`s${i}`] = s));
    }
    // The filter names double as column and parameter names.
    for (const column of ['dataset', 'model', 'key', 'kind'] as const) {
      const value = filter[column];
      if (value) {
        where.push(`${column} = @${column}`);
        params[column] = value;
      }
    }
    // Top-level runs by default; an experiment's jobs only when asked for by their parent, in plan order.
    if (filter.parent) {
      where.push('parent_id = @parent');
      params.parent = filter.parent;
    } else where.push('parent_id IS NULL');
    const clause = `WHERE ${where.join(' AND ')}`;
    const order = filter.parent ? 'ASC' : 'DESC';
    const total = (this.prepared(`SELECT COUNT(*) AS n FROM runs ${clause}`).get(params) as { n: number }).n;
    const rows = this.prepared(`SELECT * FROM runs ${clause} ORDER BY seq ${order} LIMIT @limit OFFSET @offset`).all({
      ...params,
      limit: filter.limit,
      offset: filter.offset,
    }) as RunRow[];
    return { items: rows.map(toSummary), total };
  }

  /** List queries come in a handful of shapes (which filters are set): each is compiled once. */
  private readonly statements = new Map<string, Statement>();

  private prepared(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size < 256) this.statements.set(sql, stmt);
    }
    return stmt;
  }

  count(status: RunStatus): number {
    return this.stmts.countStatus.get(status)!.n;
  }

  withStatus(status: RunStatus): RunSummary[] {
    return this.stmts.byStatus.all(status).map(toSummary);
  }

  /** The oldest queued run a worker can start, not in `skip` (jobs run inside their experiment's worker, never on their own). */
  nextQueued(skip: ReadonlySet<string>): RunSummary | undefined {
    for (const row of this.stmts.queuedTop.iterate()) {
      if (!skip.has(row.id)) return toSummary(row);
    }
    return undefined;
  }

  markRunning(id: string): RunEvent {
    return this.db.transaction(() => {
      const time = now();
      this.stmts.start.run(time, id);
      return this.appendEventTx(id, { type: 'status', status: 'running' }, time);
    })();
  }

  markFinished(
    id: string,
    status: Exclude<RunStatus, 'queued' | 'running'>,
    opts: { error?: { code: string; message: string }; result?: unknown } = {},
  ): RunEvent {
    return this.db.transaction(() => {
      const time = now();
      this.stmts.finish.run({
        id,
        status,
        time,
        code: opts.error?.code ?? null,
        message: opts.error?.message ?? null,
        result: opts.result === undefined ? null : JSON.stringify(opts.result),
      });
      const body: EventBody = opts.error ? { type: 'status', status, error: opts.error } : { type: 'status', status };
      return this.appendEventTx(id, body, time);
    })();
  }

  /** Records the queue worker that holds a running run and the lease its reports must carry (null clears it). */
  setLease(id: string, worker: WorkerRef | null, lease: string | null): void {
    this.stmts.setLease.run(worker ? JSON.stringify(worker) : null, lease, id);
  }

  lease(id: string): string | null {
    return this.stmts.lease.get(id)?.lease ?? null;
  }

  /** The last progress batch applied under the run's current lease (0: none yet). */
  reportSeq(id: string): number {
    return this.stmts.lease.get(id)?.report_seq ?? 0;
  }

  setReportSeq(id: string, seq: number): void {
    this.stmts.setReportSeq.run(seq, id);
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints): several state changes that must land together
   * or not at all when the process dies in between.
   */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Back to the queue; `resume` makes the next start continue from the run's checkpoint. */
  requeue(id: string, resume: boolean): RunEvent {
    return this.db.transaction(() => {
      this.stmts.requeue.run({ id, resume: resume ? 1 : 0 });
      return this.appendEventTx(id, { type: 'status', status: 'queued' }, now());
    })();
  }

  setProgress(id: string, progress: RunProgress | null, metrics: Record<string, number>): void {
    this.stmts.progress.run(progress ? JSON.stringify(progress) : null, JSON.stringify(metrics), id);
  }

  setCheckpoint(id: string, checkpoint: CheckpointInfo): void {
    this.stmts.checkpoint.run(JSON.stringify(checkpoint), id);
  }

  /** `kind` tags train events for cheap history queries ('epoch' rows become the curves). */
  /** `bodyJson`: `body` serialised already (by whoever had to serialise it anyway). */
  appendEvent(runId: string, body: EventBody, kind?: string, bodyJson?: string): RunEvent {
    return this.appendEventTx(runId, body, now(), kind, bodyJson);
  }

  private appendEventTx(runId: string, body: EventBody, time: string, kind?: string, bodyJson?: string): RunEvent {
    const info = this.stmts.event.run(runId, time, body.type, kind ?? null, bodyJson ?? JSON.stringify(body));
    return { seq: Number(info.lastInsertRowid), runId, time, ...body } as RunEvent;
  }

  eventsAfter(runId: string, afterSeq: number, limit = 1000): RunEvent[] {
    return this.stmts.eventsAfter.all(runId, afterSeq, limit).map(toEvent);
  }

  /** Status changes of every run after `afterSeq` (for live run lists). */
  statusEventsAfter(afterSeq: number, limit = 1000): RunEvent[] {
    return this.stmts.statusAfter.all(afterSeq, limit).map(toEvent);
  }

  lastSeq(): number {
    return this.stmts.lastSeq.get()?.seq ?? 0;
  }

  /**
   * One point per (stage, epoch). A resumed run repeats the epochs after its checkpoint; the later numbers are the
   * ones its model carries on from, so they replace the earlier ones.
   */
  history(runId: string): MetricPoint[] {
    const byEpoch = new Map<string, MetricPoint>();
    for (const row of this.stmts.history.iterate(runId)) {
      const ev = toEvent(row);
      if (ev.type !== 'train') continue;
      const point = epochPoint(ev.seq, ev.time, ev.event);
      if (!point) continue;
      const key = `${point.stage ?? ''}\n${point.epoch}`;
      byEpoch.delete(key);
      byEpoch.set(key, point);
    }
    return [...byEpoch.values()];
  }

  delete(id: string): boolean {
    return this.stmts.delete.run(id).changes > 0;
  }

  replaceArtifacts(runId: string, artifacts: StoredArtifact[]): void {
    this.db.transaction(() => {
      this.stmts.clearArtifacts.run(runId);
      for (const a of artifacts) this.stmts.addArtifact.run(runId, a.path, a.kind, a.mediaType, a.size, a.complete ? 1 : 0);
    })();
  }

  artifacts(runId: string): StoredArtifact[] {
    return this.stmts.artifacts.all(runId).map((a) => ({
      path: a.path,
      kind: a.kind as StoredArtifact['kind'],
      mediaType: a.media_type,
      size: a.size,
      complete: a.complete === 1,
    }));
  }
}
