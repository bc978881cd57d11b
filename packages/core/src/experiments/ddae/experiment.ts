import { CoreError } from '../../errors.js';
import { kelmOnCodes } from '../../pipelines/ae-kelm.js';
import { selectAndFitKelm } from '../../pipelines/kelm-selection.js';
import { throwIfAborted } from '../errors.js';
import type { Experiment, FinishedJob, JobContext, PlannedJob, ReportInput } from '../experiment.js';
import { runElmFamily } from './baselines.js';
import type { ReproduceConfig } from './config.js';
import { ddaeDefinition, resolveDdaeConfig, type ddaeOptionsSchema, type DdaeOptions } from './definition.js';
import { writeStackFigures } from './figures.js';
import { FINAL_CANDIDATE, FINAL_UNLABELLED_CANDIDATE, type AblationRecord } from './ablation.js';
import { runImproved } from './improved.js';
import { planJobs } from './jobs.js';
import { candidateRecipe, describeRecipe } from './recipes.js';
import { renderDdaeReport } from './report.js';
import { resultsDocument, type DatasetInfo, type Figure, type ModelRef, type RunInfo, type Selection } from './results.js';
import { trainStack } from './stacks.js';
import { ablationTable, resultTables, selectionTable } from './tables.js';
import type { TableData } from './table-data.js';
import { isImprovedModel, isStackModel, type ModelName, type ResultRow, type TableDataset } from './types.js';

/** What one DDAE job leaves: its rows (ELM/RELM: one per seed), what it chose, and the files it wrote. */
export interface DdaeJobResult {
  rows: ResultRow[];
  /** Ablation scores (DDAE+ jobs; absent in results stored before the improved recipe existed). */
  ablation?: AblationRecord[];
  selections: Selection[];
  figures: Figure[];
  models: ModelRef[];
}

/** The preparation's facts for the report: the resolved recipe and where each table's data came from. */
export interface DdaePrepared {
  config: ReproduceConfig;
  datasets: DatasetInfo[];
  skipped: { dataset: string; reason: string }[];
}

/** Loads one table's data; Node reads files (`@aelab/core/node`), a test may generate it. */
export type TableLoader = (dataset: TableDataset, config: ReproduceConfig, note: (message: string) => void) => Promise<TableData>;

/** Loads every requested dataset; one that cannot be found is skipped with the reason (others still run). */
async function loadAll(config: ReproduceConfig, loadTable: TableLoader, note: (m: string) => void, skipped: DdaePrepared['skipped']): Promise<TableData[]> {
  const tables: TableData[] = [];
  for (const dataset of config.datasets) {
    try {
      const table = await loadTable(dataset, config, note);
      note(`${table.info.dataset}: ${table.info.trainCount} train / ${table.info.testCount} ${table.info.evaluation === 'holdout' ? 'holdout' : 'test'} — ${table.info.source}`);
      for (const w of table.info.warnings) note(`warning: ${w}`);
      tables.push(table);
    } catch (err) {
      const coded = err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
      // With one dataset asked for, not finding it is the user's error; with several, say what was skipped.
      if (!coded || config.datasets.length === 1) throw err;
      skipped.push({ dataset, reason: (err as Error).message });
      note(`skipping ${dataset}: ${(err as Error).message}`);
    }
  }
  if (tables.length === 0) throw new CoreError('NO_DATA', `none of ${config.datasets.join(', ')} could be loaded`);
  return tables;
}

/** Job keys are folder names: `DDAE+` becomes `DDAEplus`. */
function keyName(model: ModelName): string {
  return model.replace(/\+/g, 'plus');
}

function jobOf(job: PlannedJob): { dataset: TableDataset; model: ModelName; seed: number; candidate: string | undefined } {
  const candidate = typeof job.meta.candidate === 'string' ? job.meta.candidate : undefined;
  return { dataset: job.meta.dataset as TableDataset, model: job.meta.model as ModelName, seed: Number(job.meta.seed), candidate };
}

/**
 * A DDAE+ / DDAE+U seed, or an ablation candidate's (holdout only). The row's score goes to the ablation table as
 * the final recipe's (validation in holdout mode, else the one look at the test split); a candidate adds no row.
 */
async function runImprovedJob(job: PlannedJob, table: TableData, config: ReproduceConfig, ctx: JobContext): Promise<DdaeJobResult> {
  const { dataset, model, seed, candidate } = jobOf(job);
  if (!isImprovedModel(model)) throw new CoreError('INVALID_OPTIONS', `${model} is not an improved row`);
  const started = performance.now();
  const spec = candidate === undefined ? undefined : config.ablation.find((c) => c.name === candidate);
  if (candidate !== undefined && !spec) throw new CoreError('INVALID_OPTIONS', `unknown ablation candidate ${candidate}`);
  if (spec && !config.holdout) throw new CoreError('INVALID_OPTIONS', 'ablation candidates are scored on validation data only (holdout mode)');
  const recipe = spec ? candidateRecipe(config, spec) : config.improved;
  const totalEpochs = recipe.members * recipe.stacks[dataset].epochs.reduce((a, b) => a + b, recipe.stacks[dataset].fineTune?.epochs ?? 0);
  let epochsDone = 0;
  const result = await runImproved(model, table, recipe, config.kelm, seed, {
    signal: ctx.signal,
    onStage: (s, f) => ctx.progress({ stage: s, ...(f !== undefined ? { fraction: f } : {}) }),
    onEpoch: (level, levels, epoch, epochs, loss) => {
      epochsDone += 1;
      ctx.progress({ epoch: { level, levels, epoch, epochs, loss }, fraction: Math.min(0.99, epochsDone / totalEpochs) });
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const evaluation = config.holdout ? 'validation' : 'test';
  const kelmValidationAccuracy = result.members.reduce((s, m) => s + m.validationAccuracy, 0) / result.members.length;
  const record = (name: string, description: string): AblationRecord => ({ dataset, candidate: name, description, seed, evaluation, accuracy: result.testAccuracy, kelmValidationAccuracy, seconds });
  if (spec) return { rows: [], selections: [], figures: [], models: [], ablation: [record(spec.name, spec.description)] };
  return {
    rows: [{ model, dataset, seed, trainAccuracy: result.trainAccuracy, testAccuracy: result.testAccuracy, seconds }],
    selections: result.members.map((m, i) => ({ dataset, model, seed, params: { member: i + 1, 'member seed': m.seed, ...m.params }, validationAccuracy: m.validationAccuracy })),
    figures: [],
    models: [],
    ablation: [model === 'DDAE+' ? record(FINAL_CANDIDATE, describeRecipe(recipe, dataset)) : record(FINAL_UNLABELLED_CANDIDATE, `${describeRecipe(recipe, dataset)}; pretraining also on ${Math.min(table.unlabelled?.rows ?? 0, recipe.unlabelled.count)} unlabelled digits`)],
  };
}

async function runJob(job: PlannedJob, table: TableData, config: ReproduceConfig, ctx: JobContext): Promise<DdaeJobResult> {
  const { dataset, model, seed } = jobOf(job);
  const { signal } = ctx;
  const started = performance.now();
  const out: DdaeJobResult = { rows: [], selections: [], figures: [], models: [] };
  const stage = (s: string, fraction?: number) => ctx.progress({ stage: s, ...(fraction !== undefined ? { fraction } : {}) });

  if (model === 'ELM' || model === 'RELM') {
    await runElmFamily(model, table, config, {
      signal,
      onStage: stage,
      onSelection: (s) => out.selections.push({ dataset, model, seed: 0, ...s }),
      onSeed: (s, scored, fraction) => {
        ctx.progress({ fraction });
        // A seed's time is its own fit and scoring; the one selection of L (and C) before them is not in any row.
        out.rows.push({ model, dataset, seed: s, trainAccuracy: scored.trainAccuracy, testAccuracy: scored.testAccuracy, seconds: scored.seconds });
      },
    });
    return out;
  }
  if (model === 'KELM') {
    const scored = await selectAndFitKelm(table.train, table.test, config.kelm, seed, { signal, onStage: stage });
    out.selections.push({ dataset, model, seed, params: scored.params, validationAccuracy: scored.validationAccuracy });
    out.rows.push({ model, dataset, seed, trainAccuracy: scored.trainAccuracy, testAccuracy: scored.testAccuracy, seconds: (performance.now() - started) / 1000 });
    return out;
  }
  if (isImprovedModel(model)) return runImprovedJob(job, table, config, ctx);
  if (!isStackModel(model)) throw new CoreError('INVALID_OPTIONS', `unknown model ${model}`);
  const recipe = config.stacks[dataset];
  // Feature learning takes most of a stack job; the KELM on its codes the rest.
  const trainShare = 0.8;
  const totalEpochs = recipe.epochs.reduce((a, b) => a + b, recipe.fineTune?.epochs ?? 0);
  let epochsDone = 0;
  const stack = await trainStack(model, table, recipe, seed, {
    signal,
    onEpoch: (level, levels, epoch, epochs, loss) => {
      epochsDone += 1;
      ctx.progress({ epoch: { level, levels, epoch, epochs, loss }, fraction: (trainShare * epochsDone) / totalEpochs });
    },
  });
  try {
    throwIfAborted(signal);
    const scored = await kelmOnCodes(stack, table, config.kelm, seed, {
      signal,
      onStage: (s, f) => stage(s, f === undefined ? undefined : trainShare + (1 - trainShare) * f),
    });
    out.selections.push({ dataset, model, seed, params: scored.params, validationAccuracy: scored.validationAccuracy });
    out.rows.push({ model, dataset, seed, trainAccuracy: scored.trainAccuracy, testAccuracy: scored.testAccuracy, seconds: (performance.now() - started) / 1000 });
    // Figures and the saved model come from each stack row's first seed, as the paper shows one of each.
    if (seed === config.seeds[0]) {
      out.figures.push(...(await writeStackFigures(dataset, model, stack, table, ctx.artifacts)));
      const file = `models/${dataset}-${model}-seed${seed}`;
      await stack.save(file, ctx.artifacts);
      out.models.push({ file, dataset, model, seed });
    }
  } finally {
    stack.dispose();
  }
  return out;
}

/** The report's run.json: the run's facts plus what every finished job recorded. */
export function ddaeRunInfo(input: Pick<ReportInput<DdaeOptions, DdaePrepared, DdaeJobResult>, 'info' | 'finished' | 'run'>): RunInfo {
  const results = input.finished.map((f: FinishedJob<DdaeJobResult>) => f.result);
  return {
    ...input.run,
    experiment: 'ddae',
    datasets: input.info.datasets,
    skipped: input.info.skipped,
    selections: results.flatMap((r) => r.selections),
    figures: results.flatMap((r) => r.figures),
    models: results.flatMap((r) => r.models),
  };
}

export type DdaeExperiment = Experiment<typeof ddaeOptionsSchema, DdaePrepared, DdaeJobResult>;

/** The DDAE paper's tables as an experiment; `loadTable` is where its data comes from. */
export function createDdaeExperiment(loadTable: TableLoader): DdaeExperiment {
  return {
    definition: ddaeDefinition,
    async prepare(options, ctx) {
      const config = resolveDdaeConfig(options);
      const skipped: DdaePrepared['skipped'] = [];
      const tables = await loadAll(config, loadTable, ctx.note, skipped);
      const jobs: PlannedJob[] = tables.flatMap((t) =>
        planJobs(t.dataset, { train: t.train.y.length, test: t.test.y.length, dim: t.train.x.cols, unlabelled: t.unlabelled?.rows ?? 0 }, config).map((j): PlannedJob => {
          const perSeed = j.model !== 'ELM' && j.model !== 'RELM';
          if (j.candidate !== undefined) {
            return {
              key: `${j.dataset}-ablation-${j.candidate}-seed${j.seed}`,
              title: `${j.dataset} ablation ${j.candidate} seed ${j.seed}`,
              cost: j.cost,
              meta: { dataset: j.dataset, model: j.model, seed: j.seed, candidate: j.candidate },
            };
          }
          return {
            key: perSeed ? `${j.dataset}-${keyName(j.model)}-seed${j.seed}` : `${j.dataset}-${j.model}`,
            title: `${j.dataset} ${j.model}${perSeed ? ` seed ${j.seed}` : ''}`,
            cost: j.cost,
            meta: { dataset: j.dataset, model: j.model, seed: j.seed },
          };
        }),
      );
      return {
        jobs,
        info: { config, datasets: tables.map((t) => t.info), skipped },
        runJob: (job, jobCtx) => runJob(job, tables.find((t) => t.dataset === job.meta.dataset)!, config, jobCtx),
      };
    },
    report(input) {
      const info = ddaeRunInfo(input);
      const doc = resultsDocument(
        input.finished.flatMap((f) => f.result.rows),
        input.info.config,
        input.finished.flatMap((f) => f.result.ablation ?? []),
      );
      const tables = [...resultTables(doc, info), ...[ablationTable(doc), selectionTable(info)].filter((t) => t !== null)].map((t) => ({
        id: t.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
        title: t.title,
        columns: t.columns,
        rows: t.rows,
      }));
      return { results: doc, runInfo: { ...info }, ...renderDdaeReport(doc, info, input.images), tables };
    },
    imagesOf: (result) => result.figures.map((f) => f.file),
  };
}
