import { aggregateSweep, describeValues, isFinalStatus, planSweep, RESUMABLE_STATUSES, type RunConfig, type SweepPoint, type SweepSpec } from '@aelab/core';
import type { RunEvent, RunStatus, RunSummary, SweepChild, SweepDetail } from './api.js';
import { ServerError } from './errors.js';
import type { RunRegistry } from './registry/runs.js';
import { newRunId, runKey } from './run-key.js';

/** What a sweep's parent run keeps in its options: the definition as parsed, and the points it expanded to. */
interface StoredSweep {
  spec: SweepSpec;
  fields: string[];
  points: SweepPoint[];
}

/** What a sweep's child run keeps in its options: which point and seed it is. */
interface StoredChild {
  point: number;
  seed: number;
}

export interface SweepHooks {
  /** The server's say in each run's config (size, epochs, data paths): throws like runs.create would. */
  checkConfig(config: RunConfig): void;
  /** Throws LIMIT_EXCEEDED unless `n` more queued runs fit. */
  checkQueueRoom(n: number): void;
  /** Stops a running child; resolves once it has left `running`. */
  stop(id: string): Promise<void>;
}

/**
 * Sweeps in the registry: a parent run of kind `sweep` and, created with it in one transaction, one training run
 * per point and seed. The children are queued and trained like any run (the embedded pool or the queue's
 * workers); the parent never runs itself — its status follows its children's (settle), and cancel, resume and
 * delete reach them.
 */
export class SweepRuns {
  constructor(
    private readonly registry: RunRegistry,
    private readonly publish: (event: RunEvent) => void,
    private readonly hooks: SweepHooks,
  ) {}

  create(input: unknown): { run: RunSummary; children: number } {
    // Every point's config is validated (and checked against this server's limits) before anything is stored.
    const plan = planSweep(input);
    for (const r of plan.runs) this.hooks.checkConfig(r.config);
    this.hooks.checkQueueRoom(plan.runs.length);
    const first = plan.runs[0]!.config;
    const key = runKey({ sweep: plan.spec });
    const label = plan.spec.name ?? `sweep ${key.slice(0, 8)}`;
    const events: RunEvent[] = [];
    const parent = this.registry.transaction(() => {
      const stored: StoredSweep = { spec: plan.spec, fields: plan.fields, points: plan.points };
      const p = this.registry.create({
        id: newRunId(key),
        key,
        name: plan.spec.name ?? null,
        dataset: first.data.name,
        model: first.model.type,
        seed: first.seed,
        config: null,
        kind: 'sweep',
        options: stored as unknown as Record<string, unknown>,
      });
      events.push(p.event);
      this.registry.setPlanned(p.summary.id, plan.runs.length);
      for (const r of plan.runs) {
        const childKey = runKey(r.config);
        const values = describeValues(plan.points[r.point]!.values);
        const options: StoredChild = { point: r.point, seed: r.seed };
        const c = this.registry.create({
          id: newRunId(childKey),
          key: childKey,
          name: `${label} · ${values} · seed ${r.seed}`.slice(0, 200),
          dataset: r.config.data.name,
          model: r.config.model.type,
          seed: r.seed,
          config: r.config,
          parentId: p.summary.id,
          jobKey: r.key,
          options: options as unknown as Record<string, unknown>,
        });
        events.push(c.event);
      }
      return p.summary;
    });
    events.forEach((e) => this.publish(e));
    this.settle(parent.id);
    return { run: this.registry.get(parent.id)!, children: plan.runs.length };
  }

  get(id: string): SweepDetail {
    const run = this.registry.get(id);
    if (!run || run.kind !== 'sweep') throw new ServerError('NOT_FOUND', `no sweep ${id}`);
    const stored = this.registry.options(id) as unknown as StoredSweep;
    const children: SweepChild[] = this.registry.children(id).map(({ summary, options }) => {
      const o = options as unknown as StoredChild;
      return { key: summary.jobKey ?? summary.id, point: o.point, seed: o.seed, run: summary };
    });
    const table = aggregateSweep(
      stored.points,
      children.map((c) => ({ point: c.point, seed: c.seed, status: c.run.status, metrics: c.run.metrics, id: c.run.id })),
    );
    return { run, spec: stored.spec, fields: stored.fields, points: stored.points, children, table };
  }

  /** After any status change: if the run is a sweep's child, the sweep's status and progress follow. */
  onStatus(runId: string, status: RunStatus): void {
    const run = this.registry.get(runId);
    if (!run?.parentId) return;
    const parent = this.registry.get(run.parentId);
    if (parent?.kind !== 'sweep') return;
    if (isFinalStatus(status)) {
      const level = status === 'succeeded' ? 'info' : 'warn';
      this.publish(this.registry.appendEvent(parent.id, { type: 'log', level, message: `${run.jobKey ?? run.id} (run ${run.id}) ${status}` }));
    }
    this.settle(parent.id);
  }

  /**
   * The parent's status from its children's: running while any runs, queued while only queued ones are left after
   * a final state (a resumed child), and once all are final: cancelled if any was, else interrupted if any was,
   * else failed if any failed, else succeeded.
   */
  settle(parentId: string): void {
    const parent = this.registry.get(parentId);
    if (!parent) return;
    const c = this.registry.childCounts(parentId);
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    const open = c.queued + c.running;
    this.registry.setProgress(parentId, { epoch: total - open, epochs: total, fraction: total > 0 ? (total - open) / total : 1 }, {
      runs: total,
      runsSucceeded: c.succeeded,
      ...(c.failed > 0 ? { runsFailed: c.failed } : {}),
    });
    if (open === 0) {
      const target: Exclude<RunStatus, 'queued' | 'running'> = c.cancelled > 0 ? 'cancelled' : c.interrupted > 0 ? 'interrupted' : c.failed > 0 ? 'failed' : 'succeeded';
      if (parent.status === target) return;
      const error = target === 'failed' ? { error: { code: 'RUNS_FAILED', message: `${c.failed} of ${total} runs failed` } } : {};
      this.publish(this.registry.markFinished(parentId, target, error));
    } else if (c.running > 0) {
      if (parent.status !== 'running') this.publish(this.registry.markRunning(parentId));
    } else if (isFinalStatus(parent.status)) {
      this.publish(this.registry.requeue(parentId, false));
    }
  }

  /** Cancels every child that has not finished: queued and interrupted ones at once, then the running ones. */
  async cancel(parent: RunSummary): Promise<void> {
    const children = this.registry.children(parent.id).map((c) => c.summary);
    // All of them before the first await, so that no queued child starts while the running ones stop.
    for (const child of children) {
      if (child.status === 'queued' || child.status === 'interrupted') this.publish(this.registry.markFinished(child.id, 'cancelled'));
    }
    await Promise.all(children.filter((c) => c.status === 'running').map((c) => this.hooks.stop(c.id)));
    // Runs that all ended on their own (e.g. an interrupted sweep whose other runs failed) are cancelled now too.
    const now = this.registry.get(parent.id);
    if (now && now.status !== 'cancelled' && this.registry.childCounts(parent.id).running === 0) {
      this.publish(this.registry.markFinished(parent.id, 'cancelled'));
    }
  }

  /** Queues its interrupted, failed and cancelled children again (each continues from its checkpoint). */
  resume(parent: RunSummary): void {
    const again = this.registry.children(parent.id).filter((c) => RESUMABLE_STATUSES.includes(c.summary.status));
    if (again.length === 0) throw new ServerError('INVALID_STATE', `sweep ${parent.id} has no interrupted, failed or cancelled runs to resume`);
    for (const child of again) this.publish(this.registry.requeue(child.summary.id, true));
  }

  /** Stops its running children; returns every child's id (their run directories go with the sweep). */
  async stopAll(parent: RunSummary): Promise<string[]> {
    const children = this.registry.children(parent.id).map((c) => c.summary);
    for (const child of children) {
      if (child.status === 'queued') this.publish(this.registry.markFinished(child.id, 'cancelled'));
    }
    await Promise.all(children.filter((c) => c.status === 'running').map((c) => this.hooks.stop(c.id)));
    return children.map((c) => c.id);
  }
}
