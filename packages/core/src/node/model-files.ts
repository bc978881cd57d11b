import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Loads a model from a model folder (model.json + weights.bin) or any folder holding one as model/: a training run,
 * the output of `reproduce cifar`, a model fetched from a server. MODEL_MISSING when neither is there, MODEL_CORRUPT
 * when the files cannot be read back.
 */
export function loadModelAt(path: string): { model: AnyModel; dir: string } {
  const dir = [path, join(path, 'model')].find((d) => existsSync(join(d, 'model.json')));
  if (!dir) {
    const what = existsSync(path) ? 'holds no model.json or model/model.json' : 'does not exist';
    throw new CoreError('MODEL_MISSING', `${path} ${what}: give a run directory, a reproduce --out folder or a model folder`);
  }
  let json: unknown;
  let weightData: Uint8Array;
  try {
    json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    weightData = readFileSync(join(dir, 'weights.bin'));
  } catch (err) {
    throw new CoreError('MODEL_CORRUPT', `the model in ${dir} cannot be read (${(err as Error).message})`, { cause: err });
  }
  try {
    return { model: loadModel({ json, weightData }), dir };
  } catch (err) {
    throw new CoreError('MODEL_CORRUPT', `the model in ${dir} is damaged (${(err as Error).message})`, { cause: err });
  }
}
