import { childRunDir, RUN_FILES, type ExperimentEvent, type PlannedJob } from '@aelab/core';
import type { ExperimentStreamEvent, JobRef, RunEvent, RunProgress, RunStatus, RunSummary } from './api.js';
import { describeFiles } from './artifacts.js';
import { jobMetrics } from './metrics.js';
import type { RunRegistry } from './registry/runs.js';
import { newRunId, runKey } from './run-key.js';

/** What the service remembers about a running experiment between its events. */
interface LiveExperiment {
  planned: number;
  finished: Set<string>;
}

const jobRef = (job: PlannedJob): JobRef => ({ key: job.key, title: job.title, meta: job.meta });

/**
 * Turns an experiment's events (from its worker) into registry state: one child run per job, keyed by (parent, job
 * key), so a resumed experiment finds its finished children again and keeps their ids; the parent's progress and
 * results tables; and `experiment` events on the parent's stream. Every change is stored before it is published.
 */
export class ExperimentRuns {
  private readonly live = new Map<string, LiveExperiment>();

  constructor(
    private readonly registry: RunRegistry,
    private readonly publish: (event: RunEvent) => void,
    /** The parent's run directory: jobs' files live there. */
    private readonly runDir: (id: string) => string,
  ) {}

  begin(parentId: string): void {
    this.live.set(parentId, { planned: 0, finished: new Set() });
  }

  /** An experiment a worker kept running while the server restarted: its plan and finished jobs come from the registry. */
  rejoin(parentId: string): void {
    const planned = this.registry.detail(parentId)?.children?.planned ?? 0;
    const finished = new Set(this.registry.childrenWith(parentId, 'succeeded').flatMap((c) => (c.jobKey ? [c.jobKey] : [])));
    this.live.set(parentId, { planned, finished });
  }

  onEvent(parentId: string, event: ExperimentEvent): void {
    const parent = this.registry.get(parentId);
    const state = this.live.get(parentId);
    if (!parent || !state) return;
    switch (event.type) {
      case 'note':
        this.publish(this.registry.appendEvent(parentId, { type: 'log', level: 'info', message: event.message }));
        return;
      case 'plan':
        state.planned = event.jobs.length;
        event.finished.forEach((k) => state.finished.add(k));
        this.registry.setPlanned(parentId, event.jobs.length);
        this.setParentProgress(parent, state, undefined, state.finished.size / Math.max(1, state.planned));
        this.emit(parentId, { type: 'plan', jobs: event.jobs.map(jobRef), finished: event.finished });
        return;
      case 'job-start': {
        const child = this.startChild(parent, event.job);
        this.setParentProgress(parent, state, event.job.title, event.progress.fraction);
        this.emit(parentId, { type: 'job-start', job: jobRef(event.job), childId: child.id, index: event.index, total: event.total, progress: event.progress });
        return;
      }
      case 'job-progress': {
        const child = this.registry.child(parentId, event.job.key);
        if (!child) return;
        const u = event.update;
        const progress: RunProgress = {
          epoch: u.epoch?.epoch ?? child.progress?.epoch ?? 0,
          epochs: u.epoch?.epochs ?? child.progress?.epochs ?? 0,
          ...(u.stage ? { stage: u.stage } : u.epoch ? { stage: `level ${u.epoch.level}/${u.epoch.levels}` } : {}),
          ...(u.fraction !== undefined ? { fraction: u.fraction } : {}),
        };
        this.registry.setProgress(child.id, progress, u.epoch ? { ...child.metrics, loss: u.epoch.loss } : child.metrics);
        this.setParentProgress(parent, state, event.job.title, event.progress.fraction);
        this.emit(parentId, { type: 'job-progress', job: jobRef(event.job), childId: child.id, update: event.update, progress: event.progress });
        return;
      }
      case 'job-end': {
        const metrics = event.status === 'succeeded' ? jobMetrics(event.result) : {};
        const child = this.endChild(parent, event, metrics);
        if (event.status === 'succeeded') state.finished.add(event.job.key);
        this.setParentProgress(parent, state, undefined, event.progress.fraction);
        this.emit(parentId, {
          type: 'job-end',
          job: jobRef(event.job),
          childId: child.id,
          status: event.status,
          reused: event.reused,
          seconds: event.seconds,
          metrics,
          ...(event.result !== undefined ? { result: event.result } : {}),
          artifacts: event.artifacts,
          ...(event.error ? { error: event.error } : {}),
          progress: event.progress,
        });
        return;
      }
      case 'report':
        this.registry.setTables(parentId, event.report.tables);
        this.emit(parentId, { type: 'report', status: event.status, tables: event.report.tables });
        return;
    }
  }

  /**
   * After the experiment's worker is done: children it left running (a worker killed after its grace period, a
   * crash) end as the parent did; a cancelled parent takes its interrupted children with it.
   */
  end(parentId: string, status: Exclude<RunStatus, 'queued' | 'running'>): void {
    this.live.delete(parentId);
    this.settleChildren(parentId, status);
  }

  /** Brings the children of a parent that just became `status` along: running ones stop, a cancel reaches the interrupted. */
  settleChildren(parentId: string, status: Exclude<RunStatus, 'queued' | 'running'>): void {
    const childStatus = status === 'cancelled' ? 'cancelled' : 'interrupted';
    const stale = [...this.registry.childrenWith(parentId, 'running'), ...this.registry.childrenWith(parentId, 'queued')];
    if (status === 'cancelled') stale.push(...this.registry.childrenWith(parentId, 'interrupted'));
    for (const child of stale) this.publish(this.registry.markFinished(child.id, childStatus));
  }

  private startChild(parent: RunSummary, job: PlannedJob): RunSummary {
    const existing = this.registry.child(parent.id, job.key);
    if (existing) {
      // A job an earlier attempt started (and did not finish) runs again under its old id.
      this.publish(this.registry.markRunning(existing.id));
      return this.registry.get(existing.id)!;
    }
    return this.createChild(parent, job, 'running');
  }

  private endChild(parent: RunSummary, event: Extract<ExperimentEvent, { type: 'job-end' }>, metrics: Record<string, number>): RunSummary {
    const existing = this.registry.child(parent.id, event.job.key);
    // A reused job finished in an earlier attempt: its child run stays as it is, unless the registry missed its end
    // (the server died between the job's record and its event).
    if (event.reused && existing?.status === 'succeeded') return existing;
    const child = existing ?? this.createChild(parent, event.job, event.status === 'succeeded' ? 'succeeded' : 'running', event.result, metrics);
    const dir = this.runDir(parent.id);
    this.registry.replaceArtifacts(child.id, describeFiles(dir, [...event.artifacts, `${childRunDir(event.job.key)}/${RUN_FILES.status}`], event.status !== 'interrupted'));
    if (existing || event.status !== 'succeeded') {
      const final = event.status === 'queued' || event.status === 'running' ? 'interrupted' : event.status;
      const progress = event.status === 'succeeded' ? { ...(child.progress ?? { epoch: 0, epochs: 0 }), fraction: 1 } : child.progress;
      this.registry.setProgress(child.id, progress, { ...child.metrics, ...metrics });
      this.publish(this.registry.markFinished(child.id, final, { ...(event.error ? { error: event.error } : {}), ...(event.status === 'succeeded' ? { result: event.result ?? null } : {}) }));
    }
    return this.registry.get(child.id)!;
  }

  private createChild(parent: RunSummary, job: PlannedJob, status: 'running' | 'succeeded', result?: unknown, metrics?: Record<string, number>): RunSummary {
    const key = runKey({ parent: parent.key, job: job.key });
    const meta = job.meta;
    const { summary, event } = this.registry.createChild({
      id: newRunId(key),
      key,
      name: job.title,
      status,
      dataset: typeof meta.dataset === 'string' ? meta.dataset : parent.dataset,
      model: typeof meta.model === 'string' ? meta.model : job.key,
      seed: typeof meta.seed === 'number' ? meta.seed : 0,
      parentId: parent.id,
      jobKey: job.key,
      experiment: parent.experiment,
      options: meta,
      ...(result !== undefined ? { result } : {}),
      ...(metrics ? { metrics } : {}),
    });
    this.publish(event);
    return summary;
  }

  private setParentProgress(parent: RunSummary, state: LiveExperiment, stage: string | undefined, fraction: number): void {
    const progress: RunProgress = { epoch: state.finished.size, epochs: state.planned, ...(stage ? { stage } : {}), fraction };
    this.registry.setProgress(parent.id, progress, { ...parent.metrics, jobsSucceeded: state.finished.size, jobs: state.planned });
  }

  private emit(parentId: string, event: ExperimentStreamEvent): void {
    this.publish(this.registry.appendEvent(parentId, { type: 'experiment', event }, event.type));
  }
}
