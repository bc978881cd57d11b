import type { Experiment, PlannedJob } from '../experiment.js';
import { cifarDefinition, resolveCifarRecipe, type CifarOptions, type CifarRecipe, type cifarOptionsSchema } from './definition.js';
import { cifarResults, comparisonTable, epochTable, renderCifarReport } from './report.js';
import { runCifarTraining, type CifarData, type CifarJobResult } from './train-job.js';

/** Loads CIFAR-10 as the recipe asks; Node reads the files (`@aelab/core/node`), a test may generate images. */
export type CifarLoader = (recipe: CifarRecipe, options: CifarOptions, note: (message: string) => void) => Promise<CifarData>;

/** The preparation's facts for the report. */
export interface CifarPrepared {
  recipe: CifarRecipe;
  data: CifarData['info'];
}

export type CifarExperiment = Experiment<typeof cifarOptionsSchema, CifarPrepared, CifarJobResult>;

/** The CIFAR-10 document's training run as an experiment: one job, the whole training. */
export function createCifarExperiment(load: CifarLoader): CifarExperiment {
  return {
    definition: cifarDefinition,
    async prepare(options, ctx) {
      const recipe = resolveCifarRecipe(options);
      const data = await load(recipe, options, ctx.note);
      ctx.note(`CIFAR-10: ${data.info.trainCount} training / ${data.info.testCount} test images (of ${data.info.testAvailable} test images available) — ${data.info.source}`);
      for (const w of data.info.warnings) ctx.note(`warning: ${w}`);
      const job: PlannedJob = {
        key: 'train',
        title: `train ${recipe.epochs} epoch${recipe.epochs === 1 ? '' : 's'} on ${data.info.trainCount.toLocaleString('en-US')} images`,
        cost: data.info.trainCount * recipe.epochs,
        meta: { epochs: recipe.epochs, trainImages: data.info.trainCount, seed: recipe.seed },
      };
      return { jobs: [job], info: { recipe, data: data.info }, runJob: (_job, jobCtx) => runCifarTraining(data, recipe, jobCtx) };
    },
    report(input) {
      const result = input.finished[0]?.result ?? null;
      const results = cifarResults(result, input.info.recipe, input.info.data);
      const reportInput = { results, result, data: input.info.data, run: input.run, images: input.images };
      const runInfo = {
        ...input.run,
        experiment: 'cifar',
        recipe: input.info.recipe,
        data: input.info.data,
        figures: result?.figures ?? [],
        model: result ? result.modelDir : null,
      };
      return {
        results,
        runInfo,
        ...renderCifarReport(reportInput),
        tables: [comparisonTable(results), epochTable(results)],
      };
    },
    imagesOf: (result) => result.figures.map((f) => f.file),
  };
}
