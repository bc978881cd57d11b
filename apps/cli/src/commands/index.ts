import type { Command } from 'commander';
import { register as registerDatasets } from './datasets.js';
import { register as registerServe } from './serve.js';
import { register as registerRuns } from './runs.js';
import { register as registerReproduce } from './reproduce.js';
import { register as registerBackends } from './backends.js';
import { register as registerTrain } from './train.js';
import { register as registerSummary } from './summary.js';
import { register as registerPresets } from './presets.js';
import { register as registerKelm } from './kelm.js';
import { register as registerWeb } from './web.js';
import { register as registerExperiments } from './experiments.js';
import { register as registerApply } from './apply.js';
import { register as registerWorker } from './worker.js';
import { register as registerSweep } from './sweep.js';

/**
 * One module per command group, each exporting `register(program)`. Add a line here per group.
 */
export function registerCommands(program: Command): void {
  registerDatasets(program);
  registerServe(program);
  registerRuns(program);
  registerReproduce(program);
  registerExperiments(program);
  registerBackends(program);
  registerTrain(program);
  registerSweep(program);
  registerSummary(program);
  registerApply(program);
  registerPresets(program);
  registerKelm(program);
  registerWeb(program);
  registerWorker(program);
}
