import type { Artifact, RunEvent, RunStatus, RunSummary } from '@aelab/server';
import type { RunDetailData } from '../lib/api/client.js';
import recorded from './recorded-runs.json' with { type: 'json' };

/**
 * Real answers of the aelab server for four small runs (e2e/record-runs.ts made them): the shared dense2d and
 * stacked configs of @aelab/core/fixtures, a slower dense2d variant, and a small MNIST net. Stories and unit tests
 * of the runs pages use them, so they show what the server really sends.
 */
export interface RecordedRun {
  detail: RunDetailData;
  /** Every stored event (`runs.logs`), oldest first; snapshot weights left out. */
  events: RunEvent[];
  artifacts: Artifact[];
  /** Figures as data URLs and the small reports as text, by artifact path. */
  files: Record<string, string>;
}

export type RecordedRunName = 'fixture-dense2d' | 'fixture-dense2d-slow' | 'fixture-stacked' | 'mnist-9';

const data = recorded as unknown as { runs: RecordedRun[] };

/** A fresh copy of every recorded run. */
export function recordedRuns(): RecordedRun[] {
  return structuredClone(data.runs);
}

export function recordedRun(name: RecordedRunName): RecordedRun {
  const run = recordedRuns().find((r) => r.detail.name === name);
  if (!run) throw new Error(`no recorded run ${name}`);
  return run;
}

/** The list row of a run. */
export function summaryOf(detail: RunDetailData): RunSummary {
  const { config: _config, history: _history, result: _result, ...summary } = detail;
  return summary;
}

/** Artifacts whose figures load without a server (data URLs of the recorded PNGs). */
export function offlineArtifacts(run: RecordedRun, complete = true): Artifact[] {
  return run.artifacts.map((a) => ({ ...a, complete: complete && a.complete, url: run.files[a.path]?.startsWith('data:') ? run.files[a.path]! : a.url }));
}

/** Reads a recorded report by the URL the gallery asks for. */
export function recordedText(run: RecordedRun): (url: string) => Promise<string> {
  return async (url) => {
    const path = run.artifacts.find((a) => url.endsWith(a.url))?.path;
    const text = path ? run.files[path] : undefined;
    if (text === undefined) throw new Error('not recorded');
    return text;
  };
}

/**
 * The run as it looked partway: the detail with the first `epochs` epochs of history, and the events that
 * followed (what a subscription from the last stored epoch replays).
 */
export function partway(run: RecordedRun, epochs: number): { detail: RunDetailData; rest: RunEvent[] } {
  const history = run.detail.history.slice(0, epochs);
  const lastSeq = history.at(-1)?.seq ?? 0;
  const last = history.at(-1);
  const detail: RunDetailData = {
    ...run.detail,
    status: 'running',
    finishedAt: null,
    history,
    result: undefined,
    progress: last ? { epoch: last.epoch, epochs: run.detail.progress?.epochs ?? epochs, step: last.step, ...(last.stage ? { stage: last.stage } : {}) } : null,
    metrics: last?.metrics ?? {},
  };
  return { detail, rest: run.events.filter((e) => e.seq > lastSeq) };
}

/** A runs list with every status: the recorded runs plus copies of them in the other states. */
export function runListFixture(): RunSummary[] {
  const runs = recordedRuns();
  const [dense, slow, stacked, mnist] = runs.map((r) => summaryOf(r.detail)) as [RunSummary, RunSummary, RunSummary, RunSummary];
  const copy = (base: RunSummary, id: string, status: RunStatus, extra: Partial<RunSummary> = {}): RunSummary => ({
    ...base,
    id: `${base.id.slice(0, 9)}${id}`,
    status,
    finishedAt: status === 'running' || status === 'queued' ? null : base.finishedAt,
    ...extra,
  });
  return [
    copy(slow, 'queued0000001', 'queued', { name: 'waiting-for-a-worker', startedAt: null, progress: null, metrics: {}, checkpoint: null }),
    copy(dense, 'running000001', 'running', {
      name: 'halfway',
      progress: { epoch: 12, epochs: 30, step: 72 },
      metrics: partway(runs[0]!, 12).detail.metrics,
    }),
    copy(stacked, 'failed0000001', 'failed', {
      name: 'out-of-data',
      progress: { epoch: 2, epochs: 3, step: 10, stage: 'level 1' },
      error: { code: 'FILE_MISSING', message: 'usps/usps.bz2 not found in /data' },
    }),
    copy(dense, 'interrupt0001', 'interrupted', {
      name: 'server-restarted',
      checkpoint: { epoch: 18, step: 108, time: dense.finishedAt ?? dense.createdAt },
      progress: { epoch: 18, epochs: 30, step: 108 },
    }),
    copy(slow, 'cancelled0001', 'cancelled', { name: 'stopped-by-hand', progress: { epoch: 7, epochs: 30, step: 42 } }),
    mnist,
    stacked,
    slow,
    dense,
  ];
}
