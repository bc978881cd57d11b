import { CoreError } from '../errors.js';
import type { ModelSummary } from './model.js';

/**
 * A model's layer table in the form PyTorch's torchsummary prints (the CIFAR-10 document's listing 2.1): activations
 * as rows of their own, shapes batch-first and channels-first, and torchsummary's memory estimate.
 */
export interface LayerTable {
  batchSize: number;
  rows: { layer: string; outputShape: number[]; params: number }[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  inputSizeMB: number;
  forwardBackwardSizeMB: number;
  paramsSizeMB: number;
  totalSizeMB: number;
}

/** aelab's layer classes by the names PyTorch gives the same operation. */
const TORCH_NAMES: Record<string, string> = {
  Conv2D: 'Conv2d',
  Conv2DTranspose: 'ConvTranspose2d',
  MaxPool2D: 'MaxPool2d',
  Dense: 'Linear',
};

const ACTIVATION_NAMES: Record<string, string> = { relu: 'ReLU', sigmoid: 'Sigmoid', tanh: 'Tanh', leakyRelu: 'LeakyReLU', softmax: 'Softmax' };

/** float32, and torchsummary's MB of 2^20 bytes. */
const BYTES_PER_VALUE = 4;
const MB = 1024 * 1024;

/** Per-sample [h, w, c] (NHWC, as aelab keeps images) to PyTorch's [batch, c, h, w]; other ranks keep their order. */
function batchFirst(shape: readonly number[], batchSize: number): number[] {
  return shape.length === 3 ? [batchSize, shape[2]!, shape[0]!, shape[1]!] : [batchSize, ...shape];
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * torchsummary's numbers: input size = the input batch; forward/backward pass = every row's output, twice (values
 * and gradients); params = every parameter; all float32 in MB of 2^20 bytes.
 */
export function layerTable(summary: ModelSummary, batchSize: number): LayerTable {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new CoreError('INVALID_ARGUMENT', `batch size must be a positive whole number, got ${batchSize}`);
  const rows: LayerTable['rows'] = [];
  const named = (name: string): string => `${name}-${rows.length + 1}`;
  for (const layer of summary.layers) {
    const shape = batchFirst(layer.outputShape, batchSize);
    rows.push({ layer: named(TORCH_NAMES[layer.className] ?? layer.className), outputShape: shape, params: layer.params });
    if (layer.activation && layer.activation !== 'identity' && layer.activation !== 'linear') {
      rows.push({ layer: named(ACTIVATION_NAMES[layer.activation] ?? layer.activation), outputShape: [...shape], params: 0 });
    }
  }
  const outputs = rows.reduce((n, r) => n + product(r.outputShape), 0);
  const inputSizeMB = (product(summary.inputShape) * batchSize * BYTES_PER_VALUE) / MB;
  const forwardBackwardSizeMB = (2 * outputs * BYTES_PER_VALUE) / MB;
  const paramsSizeMB = (summary.totalParams * BYTES_PER_VALUE) / MB;
  return {
    batchSize,
    rows,
    totalParams: summary.totalParams,
    trainableParams: summary.trainableParams,
    nonTrainableParams: summary.totalParams - summary.trainableParams,
    inputSizeMB,
    forwardBackwardSizeMB,
    paramsSizeMB,
    totalSizeMB: inputSizeMB + forwardBackwardSizeMB + paramsSizeMB,
  };
}

/** The table as torchsummary prints it. */
export function formatLayerTable(t: LayerTable): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const line = (layer: string, shape: string, params: string): string => `${layer.padStart(20)}  ${shape.padStart(25)} ${params.padStart(15)}`;
  const thin = '-'.repeat(64);
  const thick = '='.repeat(64);
  return [
    thin,
    line('Layer (type)', 'Output Shape', 'Param #'),
    thick,
    ...t.rows.map((r) => line(r.layer, `[${r.outputShape.join(', ')}]`, count(r.params))),
    thick,
    `Total params: ${count(t.totalParams)}`,
    `Trainable params: ${count(t.trainableParams)}`,
    `Non-trainable params: ${count(t.nonTrainableParams)}`,
    thin,
    `Input size (MB): ${t.inputSizeMB.toFixed(2)}`,
    `Forward/backward pass size (MB): ${t.forwardBackwardSizeMB.toFixed(2)}`,
    `Params size (MB): ${t.paramsSizeMB.toFixed(2)}`,
    `Estimated Total Size (MB): ${t.totalSizeMB.toFixed(2)}`,
    thin,
  ].join('\n');
}
