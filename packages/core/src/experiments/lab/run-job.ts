import type { JobContext, PlannedJob } from '../experiment.js';
import type { LabRecipe } from './definition.js';
import { writeReconstructions, writeTiles, type LabFigure } from './figures.js';
import { specOf } from './jobs.js';
import { trainSingle, type SingleOutcome, type SingleSpec } from './single.js';
import { trainNetwork, type StackOutcome } from './stack.js';
import { svgLineChart } from '../report/line-chart-svg.js';
import type { HiddenActivation, LabData, PenaltyForm } from './types.js';

/** What one job of the study leaves (results.json is rebuilt from these). */
export type LabJobResult =
  | { kind: 'under'; units: number; activation: HiddenActivation; outcome: SingleOutcome; figures: LabFigure[] }
  | { kind: 'over'; activation: HiddenActivation; regularisation: 'L1' | 'L2' | 'noise'; form: PenaltyForm | null; parameter: number; outcome: SingleOutcome; figures: LabFigure[] }
  | { kind: 'tiles'; units: number; outcome: SingleOutcome; figures: LabFigure[] }
  | { kind: 'stack'; layout: string; activation: HiddenActivation | 'none'; seed: number; outcome: StackOutcome; seconds: number; figures: LabFigure[] };

const encoder = new TextEncoder();

async function writeCurve(ctx: JobContext, file: string, title: string, outcome: SingleOutcome): Promise<LabFigure> {
  const svg = svgLineChart(
    [
      { label: 'training', colour: '#1f77b4', points: outcome.curve.map((p) => [p.epoch, p.train]) },
      { label: 'validation', colour: '#d62728', dashed: true, points: outcome.curve.filter((p) => p.validation !== null).map((p) => [p.epoch, p.validation!]) },
    ],
    { title, xLabel: 'epoch', yLabel: 'MSE per pixel' },
  );
  await ctx.artifacts.writeBytes(file, encoder.encode(svg));
  return { file, title, figure: 'curve' };
}

async function single(spec: SingleSpec, name: string, label: string, figure: string, data: LabData, recipe: LabRecipe, maxEpochs: number, seed: number, ctx: JobContext) {
  const trained = await trainSingle(spec, data, recipe, maxEpochs, seed, {
    signal: ctx.signal,
    onEpoch: (epoch, epochs, loss) => ctx.progress({ epoch: { level: 1, levels: 1, epoch, epochs, loss }, fraction: Math.min(0.95, epoch / epochs) }),
  });
  try {
    const figures: LabFigure[] = [];
    if (figure === 'tiles') {
      const file = `figures/tiles-${spec.units}.png`;
      await writeTiles(ctx.artifacts, file, trained.kernel, spec.units, data.imageShape);
      figures.push({ file, title: `Encoder weights of each of the ${spec.units} hidden units (${label})`, figure: 'tiles' });
    } else {
      const file = `figures/${name}-reconstructions.png`;
      await writeReconstructions(ctx.artifacts, file, data, trained.reconstruct);
      figures.push({ file, title: `${label}: test digits (top) and reconstructions (bottom)`, figure });
    }
    figures.push(await writeCurve(ctx, `figures/${name}-curve.svg`, label, trained.outcome));
    return { outcome: trained.outcome, figures };
  } finally {
    trained.dispose();
  }
}

/** Runs one job: trains its network, scores it and writes its figures. */
export async function runLabJob(job: PlannedJob, data: LabData, recipe: LabRecipe, ctx: JobContext): Promise<LabJobResult> {
  const spec = specOf(job);
  switch (spec.kind) {
    case 'under': {
      const label = `784-${spec.units}-784, ${spec.activation}`;
      const r = await single({ units: spec.units, activation: spec.activation }, job.key, label, 'reconstructions-under', data, recipe, recipe.under.maxEpochs, spec.seed, ctx);
      return { kind: 'under', units: spec.units, activation: spec.activation, ...r };
    }
    case 'over': {
      const s: SingleSpec = { units: recipe.over.units, activation: spec.activation };
      if (spec.regularisation === 'noise') s.noise = spec.parameter;
      else s.penalty = { form: spec.form!, norm: spec.regularisation, lambda: spec.parameter };
      const what = spec.regularisation === 'noise' ? `Gaussian noise σ = ${spec.parameter}` : `${spec.regularisation} on ${spec.form}, λ = ${spec.parameter}`;
      const label = `784-${recipe.over.units}-784, ${spec.activation}, ${what}`;
      const r = await single(s, job.key, label, 'reconstructions-over', data, recipe, recipe.over.maxEpochs, spec.seed, ctx);
      return { kind: 'over', activation: spec.activation, regularisation: spec.regularisation, form: spec.form, parameter: spec.parameter, ...r };
    }
    case 'tiles': {
      const label = `784-${spec.units}-784, relu, no penalty`;
      const r = await single({ units: spec.units, activation: 'relu' }, job.key, label, 'tiles', data, recipe, recipe.over.maxEpochs, spec.seed, ctx);
      return { kind: 'tiles', units: spec.units, ...r };
    }
    case 'stack': {
      const started = performance.now();
      const net = await trainNetwork(spec.layout, spec.activation === 'none' ? 'relu' : spec.activation, data, recipe, spec.seed, {
        signal: ctx.signal,
        onEpoch: (level, levels, epoch, epochs, loss) => ctx.progress({ epoch: { level, levels, epoch, epochs, loss }, fraction: Math.min(0.95, (level - 1 + epoch / epochs) / levels) }),
      });
      try {
        const seconds = (performance.now() - started) / 1000;
        const figures: LabFigure[] = [];
        if (spec.figure) {
          const kernels = await net.classifier.projectedKernels();
          for (const [i, k] of kernels.entries()) {
            const file = `figures/stack-${spec.activation}-${spec.layout}-layer${i + 1}.png`;
            await writeTiles(ctx.artifacts, file, k.values, k.units, data.imageShape, 100);
            const how = i === 0 ? 'W1' : `W1${Array.from({ length: i }, (_, j) => ` W${j + 2}`).join('')} (projected to pixels)`;
            figures.push({ file, title: `${spec.layout} ${spec.activation}, hidden layer ${i + 1}: ${how}, first ${Math.min(100, k.units)} units`, figure: 'stack-weights' });
          }
        }
        return { kind: 'stack', layout: spec.layout, activation: spec.activation, seed: spec.seed, outcome: net.outcome, seconds, figures };
      } finally {
        net.classifier.dispose();
      }
    }
  }
}
