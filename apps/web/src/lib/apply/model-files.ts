import type { Artifact } from '@aelab/server';

/** A run's saved model: the two files `loadModel` needs, as the server lists them. */
export interface ModelFiles {
  json: Artifact;
  weights: Artifact;
}

/**
 * The model files among a run's artifacts: `model/model.json` and `model/weights.bin` (a training run, or the
 * `model/` folder an experiment such as `reproduce cifar` writes). Null when the run has none, or only half-written.
 */
export function findModelFiles(artifacts: readonly Artifact[]): ModelFiles | null {
  const json = artifacts.find((a) => a.path === 'model/model.json' && a.complete);
  const weights = artifacts.find((a) => a.path === 'model/weights.bin' && a.complete);
  return json && weights ? { json, weights } : null;
}
