import type { ModelConfig } from '../config/model.js';
import { CoreError } from '../errors.js';
import { AutoEncoder, denseAutoEncoderConfig } from './autoencoder.js';
import { ConvAutoEncoder, convAutoEncoderConfig } from './conv-autoencoder.js';
import { StackedAutoEncoder, stackedAutoEncoderConfig } from './stacked.js';

export type AnyModel = AutoEncoder | ConvAutoEncoder | StackedAutoEncoder;

/**
 * Builds the model a run config describes, for samples of `inputShape` (taken from the data: [784], [28, 28, 1],
 * [32, 32, 3], [d]). Dense and stacked models flatten images; conv models need [height, width, channels].
 */
export function buildModel(model: ModelConfig, inputShape: number[], options: { seed?: number } = {}): AnyModel {
  const seed = options.seed ?? 0;
  switch (model.type) {
    case 'dense':
      return new AutoEncoder(denseAutoEncoderConfig(model, inputShape), { seed });
    case 'stacked':
      return new StackedAutoEncoder(stackedAutoEncoderConfig(model, inputShape), { seed });
    case 'conv':
      if (inputShape.length !== 3) {
        throw new CoreError('INVALID_CONFIG', `conv models need image samples [height, width, channels], the data gives [${inputShape.join(', ')}]`);
      }
      return new ConvAutoEncoder(convAutoEncoderConfig(model, inputShape), { seed });
  }
}
