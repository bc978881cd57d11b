import type { Experiment, PlannedJob } from '../experiment.js';
import { labDefinition, resolveLabRecipe, type LabRecipe, type labOptionsSchema } from './definition.js';
import { planLabJobs } from './jobs.js';
import { labTables, renderLabReport } from './report.js';
import { labResults } from './results.js';
import { runLabJob, type LabJobResult } from './run-job.js';
import type { LabData, LabDataInfo } from './types.js';

/** The preparation's facts for the report: the resolved recipe and where the digits came from. */
export interface LabPrepared {
  recipe: LabRecipe;
  data: LabDataInfo;
}

/** Loads the lab's digits as the recipe says; Node reads the MNIST files (`@aelab/core/node`), a test may pass its own. */
export type LabDataLoader = (recipe: LabRecipe, note: (message: string) => void, options: { dataDir?: string | undefined; download: boolean }) => Promise<LabData>;

export type LabExperiment = Experiment<typeof labOptionsSchema, LabPrepared, LabJobResult>;

export function createLabExperiment(load: LabDataLoader): LabExperiment {
  return {
    definition: labDefinition,
    async prepare(options, ctx) {
      const recipe = resolveLabRecipe(options);
      const data = await load(recipe, ctx.note, { dataDir: options.dataDir, download: options.download });
      ctx.note(`${data.info.trainCount} train / ${data.info.validationCount} validation / ${data.info.testCount} test digits — ${data.info.source}`);
      for (const w of data.info.warnings) ctx.note(`warning: ${w}`);
      const jobs: PlannedJob[] = planLabJobs(recipe, data.train.x.rows, data.train.x.cols);
      return { jobs, info: { recipe, data: data.info }, runJob: (job, jobCtx) => runLabJob(job, data, recipe, jobCtx) };
    },
    report(input) {
      const doc = labResults(input.finished, input.info.recipe, input.info.data);
      const results = input.finished.map((f) => f.result);
      const run = input.run;
      return {
        results: doc,
        runInfo: { ...run, experiment: 'lab', figures: results.flatMap((r) => r.figures) },
        ...renderLabReport(doc, results, run, input.images),
        tables: labTables(doc),
      };
    },
    imagesOf: (result) => result.figures.map((f) => f.file).filter((f) => f.endsWith('.png')),
  };
}
