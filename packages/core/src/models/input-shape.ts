import { datasetInfo } from '@aelab/datasets';
import type { DataConfig } from '../config/data.js';
import type { RunConfig } from '../config/run.js';

/** Shape of one sample of the configured data, known without loading it ([28, 28, 1] for mnist, [d] for gaussian). */
export function dataSampleShape(data: DataConfig): number[] {
  switch (data.name) {
    case 'gaussian':
      return [data.d];
    case 'inline':
      return [data.points[0]!.length];
    default:
      return [...datasetInfo(data.name).shape];
  }
}

/** The model's input shape for a config: images for conv models, flat vectors otherwise. */
export function modelInputShape(config: Pick<RunConfig, 'data' | 'model'>, sampleShape = dataSampleShape(config.data)): number[] {
  return config.model.type === 'conv' ? [...sampleShape] : [sampleShape.reduce((a, b) => a * b, 1)];
}
