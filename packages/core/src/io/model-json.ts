import type { WeightSpec } from './weights.js';

export const MODEL_FORMAT = 'aelab-model';

/** model.json: the model's class and config (rebuildable through the registry) and the layout of weights.bin. */
export interface ModelJSON {
  format: typeof MODEL_FORMAT;
  version: 1;
  className: string;
  config: object;
  weights: WeightSpec[];
}

/**
 * A saved model: what `saveModel` writes and `loadModel` reads, from either trainer. Kept apart from the loader
 * so that code without tfjs (the lite trainer in a Web Worker) can write it.
 */
export interface ModelArtifacts {
  json: ModelJSON;
  /** float32 little-endian values of every weight, in `json.weights` order. */
  weightData: ArrayBuffer;
}
