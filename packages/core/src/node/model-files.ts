import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../errors.js';
import { loadModel } from '../io/model-io.js';
import type { AnyModel } from '../models/build.js';
import { RUN_FILES } from './run-dir.js';

/** Loads the model a run directory (or any folder with model/model.json + model/weights.bin) holds. */
export function readModelDir(runDir: string): AnyModel {
  let json: unknown;
  let weightData: Uint8Array;
  try {
    json = JSON.parse(readFileSync(join(runDir, RUN_FILES.modelJson), 'utf8'));
    weightData = readFileSync(join(runDir, RUN_FILES.modelWeights));
  } catch (err) {
    throw new CoreError('RUN_DIR', `no readable model in ${runDir} (${(err as Error).message})`, { cause: err });
  }
  return loadModel({ json, weightData });
}
