import { describe, expect, it } from 'vitest';
import { presetConfig } from '../presets/presets.js';
import { buildModel } from './build.js';
import { modelInputShape } from './input-shape.js';
import { formatLayerTable, layerTable } from './layer-table.js';

function summaryOf(preset: string) {
  const config = presetConfig(preset);
  const model = buildModel(config.model, modelInputShape(config), { seed: 0 });
  try {
    return model.summary();
  } finally {
    model.dispose();
  }
}

describe('layerTable (torchsummary form)', () => {
  it("gives the CIFAR-10 document's listing 2.1 for cifar-conv at batch 128", () => {
    const t = layerTable(summaryOf('cifar-conv'), 128);
    // The document's rows, as torchsummary printed them.
    expect(t.rows).toEqual([
      { layer: 'Conv2d-1', outputShape: [128, 16, 32, 32], params: 448 },
      { layer: 'ReLU-2', outputShape: [128, 16, 32, 32], params: 0 },
      { layer: 'MaxPool2d-3', outputShape: [128, 16, 16, 16], params: 0 },
      { layer: 'Conv2d-4', outputShape: [128, 4, 16, 16], params: 580 },
      { layer: 'ReLU-5', outputShape: [128, 4, 16, 16], params: 0 },
      { layer: 'MaxPool2d-6', outputShape: [128, 4, 8, 8], params: 0 },
      { layer: 'ConvTranspose2d-7', outputShape: [128, 16, 16, 16], params: 272 },
      { layer: 'ReLU-8', outputShape: [128, 16, 16, 16], params: 0 },
      { layer: 'ConvTranspose2d-9', outputShape: [128, 3, 32, 32], params: 195 },
      { layer: 'Sigmoid-10', outputShape: [128, 3, 32, 32], params: 0 },
    ]);
    expect([t.totalParams, t.trainableParams, t.nonTrainableParams]).toEqual([1495, 1495, 0]);
    const text = formatLayerTable(t);
    for (const line of ['Input size (MB): 1.50', 'Forward/backward pass size (MB): 52.25', 'Params size (MB): 0.01', 'Estimated Total Size (MB): 53.76', 'Total params: 1,495']) {
      expect(text).toContain(line);
    }
  });

  it('scales with the batch size: inputs and activations grow, parameters do not', () => {
    const one = layerTable(summaryOf('cifar-conv'), 1);
    const many = layerTable(summaryOf('cifar-conv'), 128);
    expect(many.inputSizeMB).toBeCloseTo(128 * one.inputSizeMB, 10);
    expect(many.forwardBackwardSizeMB).toBeCloseTo(128 * one.forwardBackwardSizeMB, 10);
    expect(many.paramsSizeMB).toBe(one.paramsSizeMB);
    expect(one.rows[0]!.outputShape).toEqual([1, 16, 32, 32]);
  });

  it('gives dense models the same table: Linear rows with their activations, [batch, units]', () => {
    const t = layerTable(summaryOf('lab-under-128'), 64);
    expect(t.rows.map((r) => r.layer)).toEqual(['Linear-1', 'ReLU-2', 'Linear-3', 'Sigmoid-4']);
    expect(t.rows[0]).toEqual({ layer: 'Linear-1', outputShape: [64, 128], params: 784 * 128 + 128 });
    expect(t.inputSizeMB).toBeCloseTo((64 * 784 * 4) / 2 ** 20, 12);
    expect(t.forwardBackwardSizeMB).toBeCloseTo((2 * 4 * 64 * (128 * 2 + 784 * 2)) / 2 ** 20, 12);
  });
});
