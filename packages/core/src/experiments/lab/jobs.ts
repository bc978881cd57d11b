import type { PlannedJob } from '../experiment.js';
import type { LabRecipe } from './definition.js';
import { layoutUnits } from './stack.js';
import type { HiddenActivation, PenaltyForm } from './types.js';

/** What a job is, read back from its meta. */
export type LabJobSpec =
  | { kind: 'under'; units: number; activation: HiddenActivation; seed: number }
  | { kind: 'over'; activation: HiddenActivation; regularisation: 'L1' | 'L2' | 'noise'; form: PenaltyForm | null; parameter: number; seed: number }
  | { kind: 'tiles'; units: number; seed: number }
  | { kind: 'stack'; layout: string; activation: HiddenActivation | 'none'; seed: number; figure: boolean };

/** Forward and backward of a dense network: about 6 flops per weight per sample per epoch (a guess at 10 epochs). */
function denseCost(n: number, widths: number[], epochs = 10): number {
  let w = 0;
  for (let i = 1; i < widths.length; i++) w += widths[i - 1]! * widths[i]!;
  return 6 * n * w * epochs;
}

function lambdaKey(v: number): string {
  return v.toExponential().replace('+', '');
}

function job(key: string, title: string, cost: number, spec: LabJobSpec): PlannedJob {
  return { key, title, cost, meta: { ...spec, form: 'form' in spec ? (spec.form ?? '') : '' } as PlannedJob['meta'] };
}

export function specOf(job: PlannedJob): LabJobSpec {
  const m = job.meta;
  const seed = Number(m.seed);
  switch (m.kind) {
    case 'under':
      return { kind: 'under', units: Number(m.units), activation: m.activation as HiddenActivation, seed };
    case 'over':
      return { kind: 'over', activation: m.activation as HiddenActivation, regularisation: m.regularisation as 'L1' | 'L2' | 'noise', form: (m.form || null) as PenaltyForm | null, parameter: Number(m.parameter), seed };
    case 'tiles':
      return { kind: 'tiles', units: Number(m.units), seed };
    default:
      return { kind: 'stack', layout: String(m.layout), activation: m.activation as HiddenActivation | 'none', seed, figure: m.figure === true };
  }
}

/** The network whose hidden layers Fig. 9 shows: the first of the deepest ReLU layouts (else sigmoid). */
function figureLayout(recipe: LabRecipe): { layout: string; activation: HiddenActivation } | null {
  const layouts = recipe.stacks.layouts.filter((l) => l !== 'none');
  if (layouts.length === 0 || recipe.stacks.activations.length === 0) return null;
  const depth = Math.max(...layouts.map((l) => layoutUnits(l).length));
  const activation = recipe.stacks.activations.includes('relu') ? 'relu' : recipe.stacks.activations[0]!;
  return { layout: layouts.find((l) => layoutUnits(l).length === depth)!, activation };
}

/**
 * The study as jobs, one network each (so a stopped run resumes network by network). Parts 1 and 2 train once, on
 * the first seed; every Table 2 network runs once per seed, the seeds outermost so that a stopped run has whole tables.
 */
export function planLabJobs(recipe: LabRecipe, n: number, dim: number): PlannedJob[] {
  const jobs: PlannedJob[] = [];
  const seed0 = recipe.seeds[0]!;
  if (recipe.parts.includes(1)) {
    for (const activation of recipe.under.activations) {
      for (const units of recipe.under.units) {
        jobs.push(job(`under-${activation}-${units}`, `part 1: 784-${units}-784 ${activation}`, denseCost(n, [dim, units, dim]), { kind: 'under', units, activation, seed: seed0 }));
      }
    }
  }
  if (recipe.parts.includes(2)) {
    const o = recipe.over;
    const cost = denseCost(n, [dim, o.units, dim]);
    for (const form of ['activity', 'weights'] as const) {
      for (const norm of ['L1', 'L2'] as const) {
        for (const lambda of o.lambdas) {
          for (const activation of o.activations) {
            const key = `over-${activation}-${norm.toLowerCase()}-${form}-${lambdaKey(lambda)}`;
            jobs.push(job(key, `part 2: ${activation} ${norm} on ${form}, λ ${lambda}`, cost, { kind: 'over', activation, regularisation: norm, form, parameter: lambda, seed: seed0 }));
          }
        }
      }
    }
    for (const sigma of o.sigmas) {
      for (const activation of o.activations) {
        jobs.push(job(`over-${activation}-noise-${sigma}`, `part 2: ${activation} Gaussian noise σ ${sigma}`, cost, { kind: 'over', activation, regularisation: 'noise', form: null, parameter: sigma, seed: seed0 }));
      }
    }
    for (const units of o.tileUnits) {
      jobs.push(job(`tiles-${units}`, `part 2: weight tiles, 784-${units}-784`, denseCost(n, [dim, units, dim]), { kind: 'tiles', units, seed: seed0 }));
    }
  }
  if (recipe.parts.includes(3)) {
    const fig = figureLayout(recipe);
    for (const seed of recipe.seeds) {
      for (const layout of recipe.stacks.layouts) {
        const acts: (HiddenActivation | 'none')[] = layout === 'none' ? ['none'] : recipe.stacks.activations;
        for (const activation of acts) {
          const widths = [dim, ...layoutUnits(layout), 10];
          const pre = layoutUnits(layout).reduce((s, u, i, all) => s + denseCost(n, [i === 0 ? dim : all[i - 1]!, u, i === 0 ? dim : all[i - 1]!], 5), 0);
          const figure = seed === seed0 && fig !== null && fig.layout === layout && fig.activation === activation;
          const name = layout === 'none' ? 'no hidden layer (softmax on pixels)' : `${layout} ${activation}`;
          jobs.push(job(`stack-${activation}-${layout}-seed${seed}`, `part 3: ${name}, seed ${seed}`, pre + denseCost(n, widths), { kind: 'stack', layout, activation, seed, figure }));
        }
      }
    }
  }
  return jobs;
}
