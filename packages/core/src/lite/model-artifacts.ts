import { denseModelSchema } from '../config/model.js';
import { CoreError } from '../errors.js';
import { MODEL_FORMAT, type ModelArtifacts } from '../io/model-json.js';
import { decodeWeights, encodeWeights } from '../io/weights.js';
import { denseAutoEncoderConfig, hiddenLayerName } from '../models/autoencoder.js';
import type { SavedArray } from '../optimizers/optimizers.js';
import type { LiteNet } from './net.js';

/** The tfjs layer name of lite layer `i` of `count` (the last one is the output layer). */
function layerName(i: number, count: number): string {
  return i === count - 1 ? 'output' : hiddenLayerName(i);
}

/**
 * The net as a saved model (`saveModel`'s format): a dense AutoEncoder config and float32 weights, so `loadModel`
 * (and `readModelDir` for files) rebuilds it as a tfjs model with the same outputs.
 */
export function liteModelArtifacts(net: LiteNet, codeLayer: number): ModelArtifacts {
  const specs = net.spec.layers;
  const hidden = specs.slice(0, -1);
  const output = specs[specs.length - 1]!;
  const model = denseModelSchema.parse({
    type: 'dense',
    layers: hidden.map((l) => ({ units: l.units, activation: l.activation, ...(l.initializer ? { initializer: l.initializer } : {}) })),
    codeLayer,
    outputActivation: output.activation,
    ...(output.initializer ? { outputInitializer: output.initializer } : {}),
  });
  const config = denseAutoEncoderConfig(model, [net.inputSize]);
  const arrays: SavedArray[] = net.layers.flatMap((l, i) => {
    const name = layerName(i, net.layers.length);
    return [
      { name: `${name}/kernel`, shape: [l.inputs, l.units], values: Float32Array.from(net.params.subarray(l.kernelOffset, l.kernelOffset + l.inputs * l.units)) },
      { name: `${name}/bias`, shape: [l.units], values: Float32Array.from(net.params.subarray(l.biasOffset, l.biasOffset + l.units)) },
    ];
  });
  const { specs: weights, data } = encodeWeights(arrays);
  return { json: { format: MODEL_FORMAT, version: 1, className: 'AutoEncoder', config, weights }, weightData: data };
}

/** Copies a saved dense model's weights (from either trainer) into `net`; names and shapes must match. */
export function loadLiteParams(net: LiteNet, artifacts: ModelArtifacts): void {
  if (artifacts.json.format !== MODEL_FORMAT || artifacts.json.className !== 'AutoEncoder') {
    throw new CoreError('MODEL_FORMAT', `the lite trainer loads dense AutoEncoder models, not ${artifacts.json.className}`);
  }
  const byName = new Map(decodeWeights(artifacts.json.weights, artifacts.weightData).map((w) => [w.name, w]));
  const staged = new Float64Array(net.params.length);
  net.layers.forEach((l, i) => {
    const name = layerName(i, net.layers.length);
    const put = (suffix: string, shape: number[], offset: number): void => {
      const w = byName.get(`${name}/${suffix}`);
      if (!w || w.shape.join('x') !== shape.join('x')) {
        throw new CoreError('MODEL_FORMAT', `weights do not fit this network: ${name}/${suffix} should be [${shape.join(', ')}]`);
      }
      staged.set(w.values, offset);
    };
    put('kernel', [l.inputs, l.units], l.kernelOffset);
    put('bias', [l.units], l.biasOffset);
  });
  net.params.set(staged);
}
