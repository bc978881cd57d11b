import type { RunConfig } from '@aelab/core';
import type { Artifact, CheckpointInfo, MetricPoint, RunDetail, RunEvent, RunProgress, RunStatus, RunSummary } from '../api.js';
import { epochPoint } from '../metrics.js';
import type { ListInput } from '../service-api.js';
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
  config: RunConfig;
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
        `INSERT INTO runs (id, key, name, status, dataset, model, seed, config, created_at)
         VALUES (@id, @key, @name, 'queued', @dataset, @model, @seed, @config, @created_at)`,
      ),
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
      this.stmts.insert.run({ ...run, config: JSON.stringify(run.config), created_at: time });
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
      config: JSON.parse(row.config) as RunConfig,
      history: this.history(id),
      result: row.result ? (JSON.parse(row.result) as unknown) : null,
    };
  }

  /** The config and whether the next start should resume from the checkpoint. */
  launchInfo(id: string): { config: RunConfig; resume: boolean } | undefined {
    const row = this.stmts.get.get(id);
    return row && { config: JSON.parse(row.config) as RunConfig, resume: row.resume === 1 };
  }

  list(filter: ListInput): { items: RunSummary[]; total: number } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.status && filter.status.length > 0) {
      where.push(`status IN (${filter.status.map((_, i) => `@s${i}`).join(', ')})`);
      filter.status.forEach((s, i) => (params[`s${i}`] = s));
    }
    if (filter.dataset) {
      where.push('dataset = @dataset');
      params.dataset = filter.dataset;
    }
    if (filter.model) {
      where.push('model = @model');
      params.model = filter.model;
    }
    if (filter.key) {
      where.push('key = @key');
      params.key = filter.key;
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM runs ${clause}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare<Record<string, string | number>, RunRow>(`SELECT * FROM runs ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: filter.limit, offset: filter.offset });
    return { items: rows.map(toSummary), total };
  }

  count(status: RunStatus): number {
    return this.stmts.countStatus.get(status)!.n;
  }

  withStatus(status: RunStatus): RunSummary[] {
    return this.stmts.byStatus.all(status).map(toSummary);
  }

  /** The oldest queued run not in `skip`. */
  nextQueued(skip: ReadonlySet<string>): RunSummary | undefined {
    for (const row of this.stmts.byStatus.iterate('queued')) {
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
  appendEvent(runId: string, body: EventBody, kind?: string): RunEvent {
    return this.appendEventTx(runId, body, now(), kind);
  }

  private appendEventTx(runId: string, body: EventBody, time: string, kind?: string): RunEvent {
    const info = this.stmts.event.run(runId, time, body.type, kind ?? null, JSON.stringify(body));
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
