import { accuracy, elmFit, predict, splits, takeLabels, takeRows } from '@aelab/kelm';
import { breathe, score, stopIfAborted, type Scored, type StepHooks } from '../../pipelines/kelm-selection.js';
import type { ElmSelection, ReproduceConfig } from './config.js';
import type { LabelledSet, TableData } from './table-data.js';

export interface ElmHooks extends StepHooks {
  onSelection?: (selection: { params: Record<string, number | string>; validationAccuracy: number }) => void;
  /** After each seed's fit: its scores and the fraction of the job done. */
  onSeed?: (seed: number, scored: Omit<Scored, 'params' | 'validationAccuracy'> & { seconds: number }, fraction: number) => void;
}

interface ElmChoice {
  hidden: number;
  C?: number;
  validationAccuracy: number;
}

/** Hidden size L (and for RELM the ridge C) by validation accuracy of a seed-0 fit on a held-out fifth. */
async function chooseElm(kind: 'ELM' | 'RELM', train: LabelledSet, sel: ElmSelection, validationFraction: number, hooks: ElmHooks): Promise<ElmChoice> {
  const split = splits(train.x.rows, { type: 'holdout', fraction: validationFraction, seed: 0 })[0]!;
  const fitX = takeRows(train.x, split.train);
  const fitY = takeLabels(train.y, split.train);
  const valX = takeRows(train.x, split.valid);
  const valY = takeLabels(train.y, split.valid);
  const cells: { hidden: number; C?: number }[] = [];
  for (const hidden of sel.hidden) {
    if (kind === 'ELM') cells.push({ hidden });
    else for (const C of sel.C) cells.push({ hidden, C });
  }
  let best: ElmChoice | null = null;
  for (const [i, cell] of cells.entries()) {
    stopIfAborted(hooks.signal);
    hooks.onStage?.(`choosing ${kind === 'ELM' ? 'L' : 'L and C'}: ${i + 1}/${cells.length}`, (0.5 * i) / cells.length);
    await breathe();
    const model = await elmFit(fitX, fitY, { hidden: cell.hidden, activation: 'sigmoid', seed: 0, ...(cell.C !== undefined ? { C: cell.C } : {}) });
    const acc = accuracy(predict(model, valX).labels, valY);
    if (!best || acc > best.validationAccuracy) best = { ...cell, validationAccuracy: acc };
  }
  return best!;
}

/**
 * ELM or RELM as the paper's tables report them: one selection of L (and C) on validation data, then one fit per
 * seed on all the training data, each scored on train and test.
 */
export async function runElmFamily(kind: 'ELM' | 'RELM', table: TableData, config: ReproduceConfig, hooks: ElmHooks = {}): Promise<void> {
  const choice = await chooseElm(kind, table.train, config.elm, config.kelm.validationFraction, hooks);
  const params: Record<string, number | string> = { L: choice.hidden, activation: 'sigmoid' };
  if (choice.C !== undefined) params.C = choice.C;
  hooks.onSelection?.({ params, validationAccuracy: choice.validationAccuracy });
  const seeds = Array.from({ length: config.elm.seeds }, (_, i) => i);
  for (const [i, seed] of seeds.entries()) {
    stopIfAborted(hooks.signal);
    hooks.onStage?.(`seed ${i + 1}/${seeds.length} (L ${choice.hidden}${choice.C !== undefined ? `, C ${choice.C}` : ''})`, 0.5 + (0.5 * i) / seeds.length);
    await breathe();
    const started = performance.now();
    const model = await elmFit(table.train.x, table.train.y, { hidden: choice.hidden, activation: 'sigmoid', seed, ...(choice.C !== undefined ? { C: choice.C } : {}) });
    const scored = { trainAccuracy: score(model, table.train), testAccuracy: score(model, table.test), seconds: (performance.now() - started) / 1000 };
    hooks.onSeed?.(seed, scored, 0.5 + (0.5 * (i + 1)) / seeds.length);
  }
}
