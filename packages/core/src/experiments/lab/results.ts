import { mean, sampleStd } from '../ddae/stats.js';
import type { FinishedJob } from '../experiment.js';
import type { LabRecipe } from './definition.js';
import { PAPER_SPARSENESS, paperAccuracy } from './paper.js';
import type { LabJobResult } from './run-job.js';
import { layoutUnits } from './stack.js';
import type { HiddenActivation, LabDataInfo, PenaltyForm } from './types.js';

/** A row of results.json `tables.sparseness`: exactly the report's Table 1 columns. */
export interface SparsenessRow {
  activation: 'ReLU' | 'Sigmoid';
  regularisation: 'L1 norm' | 'L2 norm' | 'Gaussian noise';
  parameter: number;
  /** null until the row's network has run. */
  sparseness: number | null;
}

/** The same row with what else we measured and the report's figure. */
export interface SparsenessDetail extends SparsenessRow {
  form: PenaltyForm | null;
  paper: number;
  exactZeros: number | null;
  deadUnits: number | null;
  meanActivation: number | null;
  byThreshold: Record<string, number> | null;
  validationMse: number | null;
  epochs: number | null;
}

/** A row of results.json `tables.classification`: accuracies are fractions, `testAccuracy` the mean over seeds. */
export interface ClassificationRow {
  layout: string;
  activation: HiddenActivation | 'none';
  testAccuracy: number;
  testAccuracyStd: number;
  /** Mean fine-tuning epochs (to early stopping) over seeds. */
  epochs: number;
  /** Mean wall seconds per network (pretraining + fine-tuning + scoring). */
  seconds: number;
}

export interface ClassificationDetail extends ClassificationRow {
  seeds: number[];
  paper: number | null;
  validationAccuracy: number;
  trainAccuracy: number;
  pretrainEpochs: number[];
}

export interface UnderRow {
  activation: HiddenActivation;
  units: number;
  epochs: number;
  trainMse: number;
  validationMse: number;
  testMse: number;
  sparseness: number;
}

export interface LabResults {
  experiment: 'lab';
  recipe: LabRecipe;
  data: LabDataInfo;
  /** Which penalty form `tables.sparseness` shows, and why. */
  sparsenessForm: { form: PenaltyForm; meanAbsoluteGap: Record<PenaltyForm, number | null>; reason: string };
  sparsenessDefinition: string;
  tables: {
    sparseness: SparsenessRow[];
    sparsenessOtherForm: SparsenessRow[];
    sparsenessDetail: SparsenessDetail[];
    classification: ClassificationRow[];
    classificationDetail: ClassificationDetail[];
    under: UnderRow[];
  };
}

const ACT: Record<HiddenActivation, SparsenessRow['activation']> = { relu: 'ReLU', sigmoid: 'Sigmoid' };
const REG = { L1: 'L1 norm', L2: 'L2 norm', noise: 'Gaussian noise' } as const;

export function sparsenessDefinition(threshold: number): string {
  return (
    `sparseness = the fraction of hidden activations (1,024 units × the validation digits) whose magnitude is below ${threshold}, ` +
    'i.e. one minus the average fraction of units a digit switches on; "exact zeros" counts activations that are exactly 0 (ReLU only can be)'
  );
}

function overResults(results: LabJobResult[]): Extract<LabJobResult, { kind: 'over' }>[] {
  return results.filter((r): r is Extract<LabJobResult, { kind: 'over' }> => r.kind === 'over');
}

/** The 12 rows of Table 1 for one penalty form (noise rows are the same networks for both forms). */
export function sparsenessDetails(results: LabJobResult[], form: PenaltyForm): SparsenessDetail[] {
  const over = overResults(results);
  return PAPER_SPARSENESS.map((p) => {
    const r = over.find((o) => o.activation === p.activation && o.regularisation === p.regularisation && o.parameter === p.parameter && (p.regularisation === 'noise' || o.form === form));
    const s = r?.outcome.sparseness;
    return {
      activation: ACT[p.activation],
      regularisation: REG[p.regularisation],
      parameter: p.parameter,
      sparseness: s ? s.sparseness : null,
      form: p.regularisation === 'noise' ? null : form,
      paper: p.sparseness,
      exactZeros: s ? s.exactZeros : null,
      deadUnits: s ? s.deadUnits : null,
      meanActivation: s ? s.meanActivation : null,
      byThreshold: s ? s.byThreshold : null,
      validationMse: r ? r.outcome.validationMse : null,
      epochs: r ? r.outcome.epochs : null,
    };
  });
}

/** Mean |ours − report| over the eight penalty rows of a form; null before any of them ran. */
function gap(rows: SparsenessDetail[]): number | null {
  const done = rows.filter((r) => r.form !== null && r.sparseness !== null);
  return done.length === 0 ? null : mean(done.map((r) => Math.abs(r.sparseness! - r.paper)));
}

export function chooseForm(activity: SparsenessDetail[], weights: SparsenessDetail[]): LabResults['sparsenessForm'] {
  const g = { activity: gap(activity), weights: gap(weights) };
  if (g.activity === null && g.weights === null) return { form: 'activity', meanAbsoluteGap: g, reason: 'no penalty rows have run yet; activity is shown by default' };
  const form: PenaltyForm = g.weights === null || (g.activity !== null && g.activity <= g.weights) ? 'activity' : 'weights';
  const other = form === 'activity' ? 'weights' : 'activity';
  return {
    form,
    meanAbsoluteGap: g,
    reason: `the penalty on ${form} lands closer to the report's L1/L2 rows (mean |ours − report| ${g[form]!.toFixed(2)}${g[other] === null ? '' : ` against ${g[other]!.toFixed(2)} on ${other}`})`,
  };
}

function strip(d: SparsenessDetail): SparsenessRow {
  return { activation: d.activation, regularisation: d.regularisation, parameter: d.parameter, sparseness: d.sparseness };
}

/** Table 2 rows in the recipe's order (the report's), one per layout and activation, over the finished seeds. */
export function classificationDetails(results: LabJobResult[], recipe: LabRecipe): ClassificationDetail[] {
  const stacks = results.filter((r): r is Extract<LabJobResult, { kind: 'stack' }> => r.kind === 'stack');
  const out: ClassificationDetail[] = [];
  for (const layout of recipe.stacks.layouts) {
    const acts: (HiddenActivation | 'none')[] = layout === 'none' ? ['none'] : recipe.stacks.activations;
    for (const activation of acts) {
      const group = stacks.filter((s) => s.layout === layout && s.activation === activation).sort((a, b) => a.seed - b.seed);
      if (group.length === 0) continue;
      const test = group.map((g) => g.outcome.testAccuracy);
      out.push({
        layout,
        activation,
        testAccuracy: mean(test),
        testAccuracyStd: sampleStd(test),
        epochs: mean(group.map((g) => g.outcome.fineTuneEpochs)),
        seconds: mean(group.map((g) => g.seconds)),
        seeds: group.map((g) => g.seed),
        paper: paperAccuracy(layout, activation),
        validationAccuracy: mean(group.map((g) => g.outcome.validationAccuracy)),
        trainAccuracy: mean(group.map((g) => g.outcome.trainAccuracy)),
        pretrainEpochs: layoutUnits(layout).map((_, i) => mean(group.map((g) => g.outcome.pretrainEpochs[i] ?? 0))),
      });
    }
  }
  return out;
}

export function labResults(finished: readonly FinishedJob<LabJobResult>[], recipe: LabRecipe, data: LabDataInfo): LabResults {
  const results = finished.map((f) => f.result);
  const activity = sparsenessDetails(results, 'activity');
  const weights = sparsenessDetails(results, 'weights');
  const choice = chooseForm(activity, weights);
  const [shown, other] = choice.form === 'activity' ? [activity, weights] : [weights, activity];
  const details = classificationDetails(results, recipe);
  const under = results
    .filter((r): r is Extract<LabJobResult, { kind: 'under' }> => r.kind === 'under')
    .map((r) => ({ activation: r.activation, units: r.units, epochs: r.outcome.epochs, trainMse: r.outcome.trainMse, validationMse: r.outcome.validationMse, testMse: r.outcome.testMse, sparseness: r.outcome.sparseness.sparseness }));
  return {
    experiment: 'lab',
    recipe,
    data,
    sparsenessForm: choice,
    sparsenessDefinition: sparsenessDefinition(recipe.sparsenessThreshold),
    tables: {
      sparseness: shown.map(strip),
      sparsenessOtherForm: other.filter((r) => r.form !== null).map(strip),
      sparsenessDetail: [...activity, ...weights.filter((r) => r.form !== null)],
      classification: details.map(({ layout, activation, testAccuracy, testAccuracyStd, epochs, seconds }) => ({ layout, activation, testAccuracy, testAccuracyStd, epochs, seconds })),
      classificationDetail: details,
      under,
    },
  };
}

