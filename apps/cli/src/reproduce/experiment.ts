import type { ReproduceConfig } from './config.js';
import { ReproduceError } from './errors.js';
import { type Job, planJobs } from './jobs.js';
import { ProgressTracker, type ProgressSnapshot } from './progress.js';
import type { DatasetInfo, Figure, Selection } from './results.js';
import type { ModelName, ResultRow, TableDataset } from './types.js';
import { isStackModel } from './types.js';
import { loadTable, type TableData } from './data.js';
import { runElmFamily, selectAndFitKelm } from './classifiers.js';
import { trainStack, type TrainedStack } from './stacks.js';
import { stackFigures } from './figures.js';

export interface JobRef {
  dataset: TableDataset;
  model: ModelName;
  seed: number;
}

/** What a reproduction reports while it runs; a CLI draws progress from these, a server would stream them. */
export type ReproduceEvent =
  | { type: 'note'; message: string }
  | { type: 'dataset'; info: DatasetInfo }
  | { type: 'skip'; dataset: string; reason: string }
  | { type: 'plan'; jobs: JobRef[] }
  | { type: 'job-start'; job: JobRef; index: number; total: number; progress: ProgressSnapshot }
  | { type: 'stage'; job: JobRef; stage: string; progress: ProgressSnapshot }
  | { type: 'epoch'; job: JobRef; level: number; levels: number; epoch: number; epochs: number; loss: number; progress: ProgressSnapshot }
  | { type: 'selection'; selection: Selection }
  | { type: 'row'; row: ResultRow; progress: ProgressSnapshot }
  | { type: 'figure'; figure: Figure; png: Uint8Array }
  | { type: 'job-end'; job: JobRef; seconds: number; progress: ProgressSnapshot };

export interface ExperimentHooks {
  signal?: AbortSignal;
  onEvent?: (event: ReproduceEvent) => void;
  /** Persists a trained stack (first seed of each model by default); returns the path written, if any. */
  saveStack?: (job: JobRef, stack: TrainedStack) => Promise<string | undefined>;
}

function abortError(): Error {
  const err = new Error('stopped');
  err.name = 'AbortError';
  return err;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** Loads every requested dataset; one that cannot be found is skipped with the reason (others still run). */
async function loadAll(config: ReproduceConfig, emit: (e: ReproduceEvent) => void): Promise<TableData[]> {
  const tables: TableData[] = [];
  for (const dataset of config.datasets) {
    try {
      const table = await loadTable(dataset, config, (message) => emit({ type: 'note', message }));
      emit({ type: 'dataset', info: table.info });
      tables.push(table);
    } catch (err) {
      const coded = err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
      // With one dataset asked for, not finding it is the user's error; with several, say what was skipped.
      if (!coded || config.datasets.length === 1) throw err;
      emit({ type: 'skip', dataset, reason: (err as Error).message });
    }
  }
  if (tables.length === 0) throw new ReproduceError('NO_DATA', `none of ${config.datasets.join(', ')} could be loaded`);
  return tables;
}

/**
 * Runs the DDAE paper's tables: every requested dataset and model, seed by seed, emitting a `row` event as each
 * fit is scored. Stopping through `signal` ends at the next epoch or job boundary with an AbortError; the rows
 * emitted until then stand on their own.
 */
export async function runExperiment(config: ReproduceConfig, hooks: ExperimentHooks = {}): Promise<ResultRow[]> {
  const emit = (e: ReproduceEvent) => hooks.onEvent?.(e);
  const { signal } = hooks;
  const tables = await loadAll(config, emit);
  const jobs: Job[] = tables.flatMap((t) => planJobs(t.dataset, { train: t.train.y.length, test: t.test.y.length, dim: t.train.x.cols }, config));
  emit({ type: 'plan', jobs: jobs.map(({ dataset, model, seed }) => ({ dataset, model, seed })) });
  const tracker = new ProgressTracker(jobs.map((j) => j.cost));
  const rows: ResultRow[] = [];
  const figured = new Set<string>();

  for (const [index, job] of jobs.entries()) {
    checkAbort(signal);
    const table = tables.find((t) => t.dataset === job.dataset)!;
    const ref: JobRef = { dataset: job.dataset, model: job.model, seed: job.seed };
    tracker.startJob(index);
    emit({ type: 'job-start', job: ref, index, total: jobs.length, progress: tracker.snapshot() });
    const started = performance.now();
    const stage = (s: string, fraction?: number) => {
      if (fraction !== undefined) tracker.setJobFraction(fraction);
      emit({ type: 'stage', job: ref, stage: s, progress: tracker.snapshot() });
    };
    const pushRow = (row: ResultRow) => {
      rows.push(row);
      emit({ type: 'row', row, progress: tracker.snapshot() });
    };

    if (job.model === 'ELM' || job.model === 'RELM') {
      await runElmFamily(job.model, table, config, {
        signal,
        onStage: stage,
        onSelection: (s) => emit({ type: 'selection', selection: { dataset: job.dataset, model: job.model, seed: 0, ...s } }),
        onSeed: (seed, scored, doneFraction) => {
          tracker.setJobFraction(doneFraction);
          // A seed's time is its own fit and scoring; the one selection of L (and C) before them is not in any row.
          pushRow({ model: job.model, dataset: job.dataset, seed, trainAccuracy: scored.trainAccuracy, testAccuracy: scored.testAccuracy, seconds: scored.seconds });
        },
      });
    } else if (job.model === 'KELM') {
      const scored = await selectAndFitKelm(table.train, table.test, config.kelm, job.seed, { signal, onStage: (s, f) => stage(s, f) });
      emit({ type: 'selection', selection: { dataset: job.dataset, model: job.model, seed: job.seed, params: scored.params, validationAccuracy: scored.validationAccuracy } });
      pushRow({ model: job.model, dataset: job.dataset, seed: job.seed, trainAccuracy: scored.trainAccuracy, testAccuracy: scored.testAccuracy, seconds: (performance.now() - started) / 1000 });
    } else if (isStackModel(job.model)) {
      const recipe = config.stacks[job.dataset];
      // Feature learning takes most of a stack job; the KELM on its codes the rest.
      const trainShare = 0.8;
      const totalEpochs = recipe.epochs[0] + recipe.epochs[1] + (recipe.fineTune?.epochs ?? 0);
      let epochsDone = 0;
      const stack = await trainStack(job.model, table, recipe, job.seed, {
        signal,
        onEpoch: (level, levels, epoch, epochs, loss) => {
          epochsDone += 1;
          tracker.setJobFraction((trainShare * epochsDone) / totalEpochs);
          emit({ type: 'epoch', job: ref, level, levels, epoch, epochs, loss, progress: tracker.snapshot() });
        },
      });
      try {
        checkAbort(signal);
        stage('encoding', trainShare);
        const trainCodes = stack.encode(table.train.x);
        const testCodes = stack.encode(table.test.x);
        const scored = await selectAndFitKelm(
          { x: trainCodes, y: table.train.y },
          { x: testCodes, y: table.test.y },
          config.kelm,
          job.seed,
          { signal, onStage: (s, f) => stage(s, f === undefined ? undefined : trainShare + (1 - trainShare) * f) },
        );
        emit({ type: 'selection', selection: { dataset: job.dataset, model: job.model, seed: job.seed, params: scored.params, validationAccuracy: scored.validationAccuracy } });
        pushRow({ model: job.model, dataset: job.dataset, seed: job.seed, trainAccuracy: scored.trainAccuracy, testAccuracy: scored.testAccuracy, seconds: (performance.now() - started) / 1000 });
        const key = `${job.dataset}/${job.model}`;
        if (!figured.has(key)) {
          figured.add(key);
          for (const f of stackFigures(job.dataset, job.model, stack, table)) emit({ type: 'figure', figure: f.figure, png: f.png });
          await hooks.saveStack?.(ref, stack);
        }
      } finally {
        stack.dispose();
      }
    }
    tracker.finishJob(index);
    emit({ type: 'job-end', job: ref, seconds: (performance.now() - started) / 1000, progress: tracker.snapshot() });
  }
  return rows;
}
