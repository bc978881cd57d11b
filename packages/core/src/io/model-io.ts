import { CoreError } from '../errors.js';
import '../layers/dense.js';
import '../layers/conv.js';
import type { AnyModel } from '../models/build.js';
import type { SavedArray } from '../optimizers/optimizers.js';
import '../models/autoencoder.js';
import '../models/conv-autoencoder.js';
import '../models/stacked.js';
import { getModelFactory } from '../models/registry.js';
import { MODEL_FORMAT, type ModelArtifacts, type ModelJSON } from './model-json.js';
import { decodeWeights, encodeWeights } from './weights.js';

export { MODEL_FORMAT, type ModelJSON, type ModelArtifacts } from './model-json.js';

/** Config + weights of a model, ready to be written as model.json + weights.bin (or sent over the wire). */
/** `weights` (e.g. from getWeightsAsync where synchronous reads are unavailable) defaults to a synchronous read. */
export function saveModel(model: AnyModel, weights: SavedArray[] = model.getWeights()): ModelArtifacts {
  const { className, config } = model.serialize();
  const { specs, data } = encodeWeights(weights);
  return { json: { format: MODEL_FORMAT, version: 1, className, config, weights: specs }, weightData: data };
}

/** Rebuilds a model from saved artifacts; it gives the same outputs as the saved one. */
export function loadModel(artifacts: { json: unknown; weightData: ArrayBuffer | Uint8Array }): AnyModel {
  const json = artifacts.json as Partial<ModelJSON>;
  if (!json || json.format !== MODEL_FORMAT) throw new CoreError('MODEL_FORMAT', `not an aelab model (format ${String(json?.format)})`);
  if (json.version !== 1) throw new CoreError('MODEL_FORMAT', `unsupported model format version ${String(json.version)}`);
  if (typeof json.className !== 'string' || !json.config || !Array.isArray(json.weights)) {
    throw new CoreError('MODEL_FORMAT', 'model.json lacks className, config or weights');
  }
  const model = getModelFactory(json.className)(json.config as Record<string, unknown>) as AnyModel;
  try {
    model.setWeights(decodeWeights(json.weights, artifacts.weightData));
  } catch (err) {
    model.dispose();
    throw err;
  }
  return model;
}
