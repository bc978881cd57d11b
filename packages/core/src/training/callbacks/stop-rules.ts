import type { TrainingConfig } from '../../config/training.js';
import type { StopRule } from './callback.js';
import { Convergence } from './convergence.js';
import { Divergence } from './divergence.js';
import { EarlyStopping, type BestLoss } from './early-stopping.js';
import { MaxSteps } from './max-steps.js';

/** Settings the stop rules read: a training config's, or the lite trainer's (which may change them mid-run). */
export type StopSettings = Pick<TrainingConfig, 'earlyStopping' | 'convergenceEpsilon' | 'maxSteps'>;

export interface StopRules {
  earlyStopping: EarlyStopping;
  maxSteps: MaxSteps;
  /** In precedence order: the first that fires names the reason. */
  all: StopRule[];
}

/** The rules both trainers apply after each epoch, in the same order. */
export function stopRules(settings: StopSettings, best: BestLoss | null = null): StopRules {
  const earlyStopping = new EarlyStopping(settings.earlyStopping, best);
  const maxSteps = new MaxSteps(settings.maxSteps);
  return { earlyStopping, maxSteps, all: [new Divergence(), earlyStopping, new Convergence(settings.convergenceEpsilon), maxSteps] };
}
