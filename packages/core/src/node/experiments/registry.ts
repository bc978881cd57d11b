import { CoreError } from '../../errors.js';
import { createDdaeExperiment } from '../../experiments/ddae/experiment.js';
import type { AnyExperiment } from '../../experiments/experiment.js';
import { createLabExperiment } from '../../experiments/lab/experiment.js';
import { createCifarExperiment } from '../../experiments/cifar/experiment.js';
import { loadCifar } from './cifar-data.js';
import { loadTable } from './data.js';
import { loadLabData } from './lab-data.js';

/** The runnable experiments, with their data read from files. Same names and order as EXPERIMENT_DEFINITIONS. */
export const EXPERIMENTS: readonly AnyExperiment[] = [createDdaeExperiment(loadTable), createLabExperiment(loadLabData), createCifarExperiment(loadCifar)];

export function getExperiment(name: string): AnyExperiment {
  const found = EXPERIMENTS.find((e) => e.definition.name === name);
  if (!found) throw new CoreError('UNKNOWN_EXPERIMENT', `unknown experiment "${name}" (known: ${EXPERIMENTS.map((e) => e.definition.name).join(', ')})`);
  return found;
}
