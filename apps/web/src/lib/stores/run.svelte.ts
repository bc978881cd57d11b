import { isFinalStatus } from '@aelab/core';
import type { Artifact, MetricPoint, RunEvent, RunStatus } from '@aelab/server';
import type { ApiClient, RunDetailData } from '../api/client.js';
import { describeError, type Problem } from '../api/errors.js';
import { experimentEventOf, experimentFacts } from '../api/experiments.js';
import { applyExperimentEvent, emptyView, viewFromSummary, type ExperimentView } from '../experiments/live.js';
import { mergePoints, pointFromEvent } from '../runs/curves.js';
import type { LiveState, LoadState } from './runs.svelte.js';

/** While a run trains, its file list is re-read at most this often (on checkpoints and snapshots). */
const ARTIFACT_REFRESH_MS = 3000;

export interface LiveCodes {
  /** Row-major [n, 2]. */
  values: Float32Array;
  labels: Int32Array | null;
  epoch: number;
  stage?: string;
}

export interface LogLine {
  seq: number;
  time: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

/**
 * One run as its page shows it: `runs.get` (summary, config, epoch history), then `runs.events` from the last
 * stored epoch on, so live epochs extend the curves without a gap or a repeat. The run's files come from
 * `runs.artifacts`, re-read while it trains and once it ends.
 */
export class RunStore {
  detail = $state.raw<RunDetailData | null>(null);
  points = $state.raw<MetricPoint[]>([]);
  artifacts = $state.raw<Artifact[]>([]);
  codes = $state.raw<LiveCodes | null>(null);
  logs = $state.raw<LogLine[]>([]);
  /** For an experiment run: its plan, jobs and results tables as they fill in. */
  experiment = $state.raw<ExperimentView>(emptyView());
  state = $state<LoadState>('loading');
  problem = $state<Problem | null>(null);
  live = $state<LiveState>('off');

  #lastSeq = 0;
  #artifactTimer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  #unsubscribe: (() => void) | null = null;

  constructor(
    readonly id: string,
    private readonly api: (() => ApiClient) | null = null,
  ) {}

  get status(): RunStatus | null {
    return this.detail?.status ?? null;
  }

  /** Takes a `runs.get` answer. */
  receive(detail: RunDetailData): void {
    this.detail = detail;
    this.experiment = viewFromSummary(this.experiment, experimentFacts(detail).children);
    this.points = mergePoints(this.points, detail.history);
    for (const p of detail.history) this.#lastSeq = Math.max(this.#lastSeq, p.seq);
    this.state = 'ready';
    this.problem = null;
  }

  /** Applies one `runs.events` event. */
  apply(ev: RunEvent): void {
    this.#lastSeq = Math.max(this.#lastSeq, ev.seq);
    const d = this.detail;
    if (ev.type === 'status') {
      if (d) this.detail = { ...d, status: ev.status, error: ev.error ?? (ev.status === 'failed' ? d.error : null) };
      return;
    }
    const x = experimentEventOf(ev);
    if (x) {
      this.experiment = applyExperimentEvent(this.experiment, x);
      // A finished job wrote files (figures, the rebuilt report): show them.
      if (x.type === 'job-end' || x.type === 'report') this.#refreshArtifactsSoon();
      return;
    }
    if (ev.type === 'log') {
      this.logs = [...this.logs.slice(-199), { seq: ev.seq, time: ev.time, level: ev.level, message: ev.message }];
      return;
    }
    const e = ev.event;
    const point = pointFromEvent(ev);
    if (point) this.points = mergePoints(this.points, [point]);
    if (d && (e.type === 'start' || e.type === 'epoch' || e.type === 'step')) {
      const epochs = e.type === 'start' ? e.epochs : (d.progress?.epochs ?? d.config?.training.epochs ?? 0);
      this.detail = {
        ...d,
        progress: { epoch: e.epoch, epochs, step: e.step, ...(e.stage ? { stage: e.stage } : {}) },
        metrics: point ? { ...d.metrics, ...point.metrics } : d.metrics,
      };
    }
    if (e.type === 'snapshot' && e.codes && e.codes.shape[1] === 2 && e.codes.values.length > 0) {
      this.codes = {
        values: Float32Array.from(e.codes.values),
        labels: e.codes.labels && e.codes.labels.length > 0 ? Int32Array.from(e.codes.labels) : null,
        epoch: e.epoch,
        ...(e.stage ? { stage: e.stage } : {}),
      };
    }
    if (e.type === 'snapshot' || e.type === 'checkpoint') this.#refreshArtifactsSoon();
  }

  /** Loads the run and follows it while it is queued or training. */
  start(): () => void {
    this.#stopped = false;
    void this.#load();
    return () => this.stop();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#artifactTimer) clearTimeout(this.#artifactTimer);
    this.#artifactTimer = null;
    this.live = 'off';
  }

  /** Reloads everything (after an action, or to retry). */
  async reload(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api?.();
    if (!api) return;
    try {
      const [detail, artifacts] = await Promise.all([api.runs.get.query({ id: this.id }), api.runs.artifacts.query({ id: this.id })]);
      if (this.#stopped) return;
      this.receive(detail);
      this.artifacts = artifacts;
    } catch (err) {
      if (this.#stopped) return;
      this.problem = describeError(err);
      this.state = 'problem';
      return;
    }
    if (!isFinalStatus(this.detail!.status)) this.#follow(api);
  }

  #follow(api: ApiClient): void {
    this.live = 'connecting';
    const sub = api.runs.events.subscribe(
      { id: this.id, ...(this.#lastSeq > 0 ? { lastEventId: String(this.#lastSeq) } : {}) },
      {
        onStarted: () => (this.live = 'live'),
        onData: ({ data }) => this.apply(data),
        onConnectionStateChange: (s) => {
          if (s.state === 'connecting') this.live = 'connecting';
        },
        onError: (err) => {
          this.live = 'off';
          this.problem = describeError(err);
        },
        // The stream ends after the run's final status: the result, final metrics and files are complete now.
        onComplete: () => {
          this.live = 'off';
          this.#unsubscribe = null;
          if (!this.#stopped) void this.#refreshFinished(api);
        },
      },
    );
    this.#unsubscribe = () => sub.unsubscribe();
  }

  async #refreshFinished(api: ApiClient): Promise<void> {
    try {
      const [detail, artifacts] = await Promise.all([api.runs.get.query({ id: this.id }), api.runs.artifacts.query({ id: this.id })]);
      if (this.#stopped) return;
      this.receive(detail);
      this.artifacts = artifacts;
      // Resumed while the old stream was ending: follow the new attempt.
      if (!isFinalStatus(detail.status) && !this.#unsubscribe) this.#follow(api);
    } catch (err) {
      if (!this.#stopped) this.problem = describeError(err);
    }
  }

  #refreshArtifactsSoon(): void {
    const api = this.api?.();
    if (!api || this.#artifactTimer) return;
    this.#artifactTimer = setTimeout(async () => {
      try {
        const artifacts = await api.runs.artifacts.query({ id: this.id });
        if (!this.#stopped) this.artifacts = artifacts;
      } catch {
        // The next refresh (or the end of the run) tries again.
      } finally {
        this.#artifactTimer = null;
      }
    }, ARTIFACT_REFRESH_MS);
  }
}
