import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateSweep, childRunDir, CoreError, planSweep, RUN_FILES, sweepReportTable, type SweepPlan, type SweepTable } from '@aelab/core';
import { textTable } from '../report-table.js';
import { runPool } from './pool.js';
import type { PoolOutcome, PoolTask } from './protocol.js';
import { SweepProgress } from './progress.js';

/** The files of a local sweep's directory (each run has its own run directory under `children/<key>/`). */
export const SWEEP_FILES = {
  /** The definition as parsed, its points and its runs (key, point, seed). */
  definition: 'sweep.json',
  status: RUN_FILES.status,
  /** The table and every run's outcome; rewritten after each run, so a stopped sweep keeps what finished. */
  results: RUN_FILES.results,
  report: RUN_FILES.reportMarkdown,
} as const;

export interface LocalSweepOptions {
  dir: string;
  concurrency: number;
  /** Backend threads per run. */
  threads?: number;
  progress: boolean;
  signal?: AbortSignal;
  command: string;
  /** Runs an earlier attempt finished (by key): not run again. */
  finished?: ReadonlyMap<string, PoolOutcome>;
}

export interface LocalRunResult extends PoolOutcome {
  key: string;
  point: number;
  seed: number;
  /** The run's directory, relative to the sweep's. */
  dir: string;
}

export interface LocalSweepResult {
  dir: string;
  status: 'succeeded' | 'failed' | 'interrupted';
  table: SweepTable;
  runs: LocalRunResult[];
}

/** Runs every run of `plan` in a pool of worker threads, writing the sweep directory as it goes. */
export async function runLocalSweep(plan: SweepPlan, options: LocalSweepOptions): Promise<LocalSweepResult> {
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  const startedAt = new Date().toISOString();
  writeJson(join(dir, SWEEP_FILES.definition), { spec: plan.spec, fields: plan.fields, points: plan.points, runs: plan.runs.map(({ key, point, seed }) => ({ key, point, seed, dir: childRunDir(key) })) });
  const record = (status: string, finishedAt: string | null): void => writeJson(join(dir, SWEEP_FILES.status), { kind: 'sweep', status, command: options.command, startedAt, finishedAt });
  record('running', null);

  const outcomes = new Map<string, PoolOutcome>(options.finished ?? []);
  const results = (): LocalRunResult[] =>
    plan.runs.map((r) => ({ key: r.key, point: r.point, seed: r.seed, dir: childRunDir(r.key), ...(outcomes.get(r.key) ?? { status: 'interrupted' as const, metrics: {}, seconds: 0 }) }));
  const table = (): SweepTable =>
    aggregateSweep(
      plan.points,
      plan.runs.flatMap((r) => {
        const o = outcomes.get(r.key);
        return o ? [{ point: r.point, seed: r.seed, status: o.status, metrics: o.metrics, id: r.key }] : [];
      }),
    );
  const save = (status: string): void => {
    const t = table();
    writeJson(join(dir, SWEEP_FILES.results), { status, fields: plan.fields, table: t, runs: results() });
    writeFileSync(join(dir, SWEEP_FILES.report), `# ${plan.spec.name ?? 'Sweep'}\n\n${textTable(sweepReportTable(t))}\n`);
  };

  const progress = new SweepProgress(plan, options.progress);
  const tasks: PoolTask[] = plan.runs
    .filter((r) => !outcomes.has(r.key))
    .map((r) => {
      const runDir = join(dir, childRunDir(r.key));
      // A run an earlier attempt started continues from its checkpoint (or starts over in place without one).
      const started = existsSync(join(runDir, RUN_FILES.config));
      return { key: r.key, config: r.config, runDir, ...(started ? { resume: true } : {}), ...(options.threads !== undefined ? { threads: options.threads } : {}) };
    });
  const concurrency = Math.max(1, Math.min(options.concurrency, tasks.length));
  progress.begin(dir, concurrency, outcomes.size);
  await runPool(
    tasks,
    concurrency,
    {
      onStart: (t) => progress.start(t),
      onProgress: (t, p) => progress.progress(t, p),
      onDone: (t, o) => {
        outcomes.set(t.key, o);
        progress.end(t, o);
        save('running');
      },
    },
    options.signal,
  );
  progress.finish();
  const runs = results();
  const status = runs.some((r) => r.status === 'interrupted') ? 'interrupted' : runs.some((r) => r.status === 'failed') ? 'failed' : 'succeeded';
  save(status);
  record(status, new Date().toISOString());
  return { dir, status, table: table(), runs };
}

/**
 * A stopped sweep's directory read back for `--resume`: its plan (expanded again from the stored definition, which
 * is deterministic) and the runs that succeeded. A run that failed or was stopped runs again.
 */
export function readLocalSweep(dir: string): { plan: SweepPlan; finished: Map<string, PoolOutcome> } {
  const file = join(dir, SWEEP_FILES.definition);
  if (!existsSync(file)) throw new CoreError('RUN_DIR', `${dir} holds no sweep to resume (no ${SWEEP_FILES.definition})`);
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { spec: unknown; runs: { key: string }[] };
  const plan = planSweep(stored.spec);
  if (plan.runs.map((r) => r.key).join() !== stored.runs.map((r) => r.key).join()) {
    throw new CoreError('RUN_DIR', `${file} no longer expands to the runs it lists; was it edited?`);
  }
  const finished = new Map<string, PoolOutcome>();
  const results = join(dir, SWEEP_FILES.results);
  if (existsSync(results)) {
    const { runs } = JSON.parse(readFileSync(results, 'utf8')) as { runs: (PoolOutcome & { key: string })[] };
    for (const { key, status, metrics, seconds } of runs) if (status === 'succeeded') finished.set(key, { status, metrics, seconds });
  }
  return { plan, finished };
}

/** Written beside and renamed into place, so a reader never sees half a file. */
function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}
