import { CoreError } from '../errors.js';
import { liteActivations, type LiteActivation } from './activations.js';
import type { LiteNet } from './net.js';

/** Plain-JSON weights of a dense net; kernels are `[inputs][units]` like a tfjs Dense layer's. */
export interface LiteWeights {
  format: 'aelab-dense-weights';
  version: 1;
  inputSize: number;
  layers: { units: number; activation: LiteActivation; kernel: number[][]; bias: number[] }[];
}

export function exportLiteWeights(net: LiteNet): LiteWeights {
  return {
    format: 'aelab-dense-weights',
    version: 1,
    inputSize: net.inputSize,
    layers: net.layers.map((l) => {
      const kernel: number[][] = [];
      for (let i = 0; i < l.inputs; i++) kernel.push(Array.from(net.params.subarray(l.kernelOffset + i * l.units, l.kernelOffset + (i + 1) * l.units)));
      return { units: l.units, activation: l.activation, kernel, bias: Array.from(net.params.subarray(l.biasOffset, l.biasOffset + l.units)) };
    }),
  };
}

/** Checks that `value` is LiteWeights fitting `net`, then copies it in. Throws CoreError('MODEL_FORMAT'). */
export function importLiteWeights(net: LiteNet, value: unknown): void {
  const w = value as Partial<LiteWeights> | null;
  const fail = (why: string): never => {
    throw new CoreError('MODEL_FORMAT', `weights do not fit this network: ${why}`);
  };
  if (!w || typeof w !== 'object' || w.format !== 'aelab-dense-weights') fail('not an aelab-dense-weights document');
  if (w!.inputSize !== net.inputSize) fail(`input size ${String(w!.inputSize)}, the network takes ${net.inputSize}`);
  const layers = Array.isArray(w!.layers) ? w!.layers : fail('no layers');
  if (layers.length !== net.layers.length) fail(`${layers.length} layers, the network has ${net.layers.length}`);
  const staged = new Float64Array(net.params.length);
  net.layers.forEach((l, li) => {
    const src = layers[li]!;
    if (src.units !== l.units) fail(`layer ${li} has ${src.units} units, expected ${l.units}`);
    if (!liteActivations.includes(src.activation) || src.activation !== l.activation) fail(`layer ${li} uses ${src.activation}, expected ${l.activation}`);
    if (!Array.isArray(src.kernel) || src.kernel.length !== l.inputs) fail(`layer ${li}'s kernel needs ${l.inputs} rows`);
    src.kernel.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== l.units) fail(`layer ${li}'s kernel row ${i} needs ${l.units} values`);
      row.forEach((v, o) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) fail(`layer ${li}'s kernel[${i}][${o}] is not a finite number`);
        staged[l.kernelOffset + i * l.units + o] = v;
      });
    });
    if (!Array.isArray(src.bias) || src.bias.length !== l.units) fail(`layer ${li}'s bias needs ${l.units} values`);
    src.bias.forEach((v, o) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`layer ${li}'s bias[${o}] is not a finite number`);
      staged[l.biasOffset + o] = v;
    });
  });
  net.params.set(staged);
}
