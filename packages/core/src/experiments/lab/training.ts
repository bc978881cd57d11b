import type { TrainingConfigInput } from '../../training/train.js';
import type { TrainData } from '../../training/data.js';
import type { EpochRecord } from '../../training/events.js';
import type { LabRecipe } from './definition.js';
import type { CurvePoint, LabelledSet } from './types.js';

/** The lab's one training recipe: SGD with momentum, early stopping on the validation loss, no checkpoints. */
export function labTraining(recipe: LabRecipe, epochs: number): TrainingConfigInput {
  return {
    optimizer: { type: 'momentum', momentum: recipe.sgd.momentum },
    learningRate: recipe.sgd.learningRate,
    loss: 'mse',
    batchSize: recipe.sgd.batchSize,
    epochs,
    validationFraction: 0,
    earlyStopping: { ...recipe.earlyStopping },
    checkpointEvery: 1_000_000,
  };
}

export function trainData(set: LabelledSet, withLabels: boolean): TrainData {
  const data: TrainData = { features: set.x.data, shape: [set.x.cols], count: set.x.rows };
  if (withLabels) data.labels = set.y;
  return data;
}

/** An epoch history as a curve of one loss term (the reconstruction error, not the penalties) or the total. */
export function curveOf(history: readonly EpochRecord[], term?: string): CurvePoint[] {
  return history.map((r) => ({
    epoch: r.epoch,
    train: term ? (r.terms[term] ?? r.loss) : r.loss,
    validation: r.valLoss === undefined ? null : term ? (r.valTerms?.[term] ?? r.valLoss) : r.valLoss,
  }));
}
