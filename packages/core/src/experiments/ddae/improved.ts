import { predict } from '@aelab/kelm';
import { breathe, choiceParams, chooseKelm, fitChosenKelm, stopIfAborted, type StepHooks } from '../../pipelines/kelm-selection.js';
import { concatColumns, concatRows, shiftedCopies, shiftedSet } from './augment.js';
import type { ImprovedRecipe, KelmSelection } from './config.js';
import { trainStack, type StackHooks, type TrainedStack } from './stacks.js';
import type { LabelledSet, Matrix, TableData } from './table-data.js';
import type { ImprovedModelName } from './types.js';

/** One member's KELM: what it chose on validation data and its accuracy alone. */
export interface MemberResult {
  seed: number;
  params: Record<string, number | string>;
  validationAccuracy: number;
  trainAccuracy: number;
  testAccuracy: number;
}

/** One run of the improved recipe (one seed): the ensemble's accuracies and each member's. */
export interface ImprovedResult {
  trainAccuracy: number;
  testAccuracy: number;
  members: MemberResult[];
}

export interface ImprovedHooks extends StepHooks {
  onEpoch?: StackHooks['onEpoch'];
}

/** Member seeds are drawn from the row's seed, so an ensemble is one independent run per seed. */
export function memberSeed(seed: number, member: number): number {
  return seed * 1000 + member;
}

/** What the stacks learn from: the training images (with shifted copies) and, for DDAE+U, the unlabelled digits. */
function stackData(model: ImprovedModelName, table: TableData, recipe: ImprovedRecipe): { pretrain: Matrix; labelled: LabelledSet } {
  const shift = recipe.augment.ae ? recipe.augment.shift : 0;
  const labelled = shift > 0 ? shiftedSet(table.train, table.imageShape, shift) : table.train;
  if (model !== 'DDAE+U') return { pretrain: labelled.x, labelled };
  if (!table.unlabelled) throw new Error(`DDAE+U needs unlabelled digits; ${table.dataset} has none`);
  return { pretrain: concatRows(labelled.x, table.unlabelled), labelled };
}

async function featuresOf(stack: TrainedStack, x: Matrix, pixels: boolean): Promise<Matrix> {
  const codes = await stack.encode(x);
  return pixels ? concatColumns(codes, x) : codes;
}

function argmaxAccuracy(scores: Float32Array, classes: readonly number[], y: Int32Array): number {
  const c = classes.length;
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (scores[i * c + k]! > scores[i * c + best]!) best = k;
    if (classes[best] === y[i]) right++;
  }
  return right / Math.max(1, y.length);
}

/**
 * The improved recipe, one seed: `members` DDAE stacks (each from its own seed drawn from `seed`), each with a
 * KELM chosen on a validation split of its training features (codes, or codes and pixels); the members' KELM
 * scores on the test split are averaged. With `augment.kelm` the chosen KELM is fitted on the shifted copies too
 * (the choice itself stays on unshifted samples, so no shifted twin of a validation digit is in its training part).
 */
export async function runImproved(model: ImprovedModelName, table: TableData, recipe: ImprovedRecipe, kelm: KelmSelection, seed: number, hooks: ImprovedHooks = {}): Promise<ImprovedResult> {
  const stackRecipe = recipe.stacks[table.dataset];
  const data = stackData(model, table, recipe);
  const members: MemberResult[] = [];
  let sum: Float32Array | null = null;
  let classes: number[] = [];
  let trainSum: Float32Array | null = null;
  for (let m = 0; m < recipe.members; m++) {
    const s = memberSeed(seed, m);
    const stage = (what: string, f?: number) => hooks.onStage?.(`member ${m + 1}/${recipe.members}: ${what}`, f === undefined ? undefined : (m + f) / recipe.members);
    const stack = await trainStack('DDAE', table, stackRecipe, s, { signal: hooks.signal, onEpoch: hooks.onEpoch }, data);
    try {
      stopIfAborted(hooks.signal);
      stage('encoding', 0.8);
      const train = { x: await featuresOf(stack, table.train.x, recipe.pixels), y: table.train.y };
      const test = { x: await featuresOf(stack, table.test.x, recipe.pixels), y: table.test.y };
      const choice = await chooseKelm(train, kelm, s, { signal: hooks.signal, onStage: (w, f) => stage(w, 0.8 + 0.15 * (f ?? 0)) });
      const fitSet =
        recipe.augment.kelm && recipe.augment.shift > 0
          ? { x: await featuresOf(stack, shiftedCopies(table.train.x, table.imageShape, recipe.augment.shift), recipe.pixels), y: shiftedSet(table.train, table.imageShape, recipe.augment.shift).y }
          : train;
      stage(`fitting KELM on ${fitSet.x.rows} samples`, 0.95);
      await breathe();
      const fitted = await fitChosenKelm(fitSet, choice, kelm, s);
      stopIfAborted(hooks.signal);
      const testPrediction = predict(fitted, test.x);
      const trainPrediction = predict(fitted, train.x);
      classes = [...fitted.classes];
      sum = accumulate(sum, testPrediction.scores);
      trainSum = accumulate(trainSum, trainPrediction.scores);
      members.push({
        seed: s,
        params: { ...choiceParams(choice, fitSet.x.rows, kelm), features: recipe.pixels ? 'codes + pixels' : 'codes' },
        validationAccuracy: choice.validationAccuracy,
        trainAccuracy: argmaxAccuracy(trainPrediction.scores, classes, table.train.y),
        testAccuracy: argmaxAccuracy(testPrediction.scores, classes, table.test.y),
      });
    } finally {
      stack.dispose();
    }
  }
  return { trainAccuracy: argmaxAccuracy(trainSum!, classes, table.train.y), testAccuracy: argmaxAccuracy(sum!, classes, table.test.y), members };
}

function accumulate(sum: Float32Array | null, scores: Float32Array): Float32Array {
  if (!sum) return Float32Array.from(scores);
  for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + scores[i]!;
  return sum;
}
