import { z } from 'zod';

const positiveInt = z.number().int().positive();
const nonNegative = z.number().nonnegative();
const fraction = z.number().min(0).max(1);

export const activationSchema = z.enum(['identity', 'sigmoid', 'tanh', 'relu', 'leakyRelu']);
export type Activation = z.output<typeof activationSchema>;

/** Weight initialisers. `gaussian` draws N(0, std^2); the lab report uses std 0.05. */
export const initializerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('glorotUniform') }),
  z.strictObject({ type: z.literal('glorotNormal') }),
  z.strictObject({ type: z.literal('heNormal') }),
  z.strictObject({ type: z.literal('heUniform') }),
  z.strictObject({ type: z.literal('gaussian'), std: z.number().positive().default(0.05) }),
  z.strictObject({ type: z.literal('zeros') }),
]);
export type InitializerConfig = z.output<typeof initializerSchema>;

/**
 * DropConnect: while training, each weight is kept with probability `keepProbability` (the DDAE paper's
 * `rand > dropconnectFraction` with fraction = 1 - p). `per-sample` draws a fresh mask per sample as the paper
 * describes; `per-minibatch` draws one mask per batch (much cheaper, and as accurate in the reference runs).
 */
export const dropConnectSchema = z.strictObject({
  keepProbability: z.number().gt(0).max(1).default(0.9),
  maskMode: z.enum(['per-sample', 'per-minibatch', 'per-sample-gaussian']).default('per-minibatch'),
});
export type DropConnectConfig = z.output<typeof dropConnectSchema>;

export const denseLayerSchema = z.strictObject({
  units: positiveInt,
  activation: activationSchema.default('sigmoid'),
  dropConnect: dropConnectSchema.optional(),
  batchNorm: z.boolean().default(false),
  initializer: initializerSchema.prefault({ type: 'glorotUniform' }),
  useBias: z.boolean().default(true),
});
export type DenseLayerConfig = z.output<typeof denseLayerSchema>;

/** Penalties added to the reconstruction loss. Activity terms and KL sparsity act on the code layer. */
export const regularizationSchema = z.strictObject({
  l1Weights: nonNegative.default(0),
  l2Weights: nonNegative.default(0),
  l1Activity: nonNegative.default(0),
  l2Activity: nonNegative.default(0),
  /** KL(rho || mean activation) summed over code units, times beta; needs activations in (0, 1) (sigmoid code). */
  sparsity: z.strictObject({ rho: z.number().gt(0).lt(1).default(0.05), beta: nonNegative.default(1) }).optional(),
});
export type RegularizationConfig = z.output<typeof regularizationSchema>;

/** Input corruption for denoising autoencoders; the clean input stays the target. Training only. */
export const corruptionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('gaussian'), sigma: z.number().positive().default(0.1) }),
  z.strictObject({ type: z.literal('masking'), fraction: fraction.default(0.2) }),
]);
export type CorruptionConfig = z.output<typeof corruptionSchema>;

/**
 * A fully connected autoencoder. `layers` lists every hidden layer (encoder, code, decoder); the output layer
 * (as wide as the input) is added with `outputActivation`. `codeLayer` indexes `layers` (default: the middle one).
 * With `tiedWeights` the hidden layers must mirror around the code layer, and each decoder layer uses the
 * transpose of its mirror encoder layer's weights (its own bias).
 */
export const denseModelSchema = z
  .strictObject({
    type: z.literal('dense'),
    layers: z.array(denseLayerSchema).min(1).prefault([{ units: 32 }]),
    codeLayer: z.number().int().nonnegative().optional(),
    outputActivation: activationSchema.default('sigmoid'),
    outputDropConnect: dropConnectSchema.optional(),
    outputInitializer: initializerSchema.optional(),
    tiedWeights: z.boolean().default(false),
    regularization: regularizationSchema.prefault({}),
    corruption: corruptionSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const n = m.layers.length;
    const code = m.codeLayer ?? Math.floor((n - 1) / 2);
    if (code >= n) {
      ctx.addIssue({ code: 'custom', path: ['codeLayer'], message: `must index one of the ${n} hidden layers (0..${n - 1})` });
      return;
    }
    if (m.tiedWeights) {
      if (n !== 2 * code + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiedWeights'],
          message: `tied weights need the hidden layers to mirror around the code layer (${2 * code + 1} layers for code layer ${code}, got ${n})`,
        });
        return;
      }
      for (let i = 1; i <= code; i++) {
        const enc = m.layers[code - i]!;
        const dec = m.layers[code + i]!;
        if (enc.units !== dec.units) {
          ctx.addIssue({ code: 'custom', path: ['layers', code + i, 'units'], message: `tied weights: expected ${enc.units} units to mirror layer ${code - i}` });
        }
      }
    }
  });
export type DenseModelConfig = z.output<typeof denseModelSchema>;

/** One level of a stacked autoencoder: its own AE trained on the previous level's codes. */
export const stackLevelSchema = z.strictObject({
  units: positiveInt,
  activation: activationSchema.default('sigmoid'),
  /** Activation of this level's reconstruction layer; the first level reconstructs pixels (sigmoid). */
  outputActivation: activationSchema.default('sigmoid'),
  dropConnect: dropConnectSchema.optional(),
  tiedWeights: z.boolean().default(false),
  initializer: initializerSchema.prefault({ type: 'glorotUniform' }),
  regularization: regularizationSchema.prefault({}),
  corruption: corruptionSchema.optional(),
  /** Override the run's training settings for this level only. */
  epochs: positiveInt.optional(),
  learningRate: z.number().positive().optional(),
});
export type StackLevelConfig = z.output<typeof stackLevelSchema>;

export const fineTuneSchema = z.strictObject({
  epochs: positiveInt.default(10),
  learningRate: z.number().positive().optional(),
  /** Number of classes of the softmax head; taken from the data when left out. */
  classes: positiveInt.optional(),
});
export type FineTuneConfig = z.output<typeof fineTuneSchema>;

/** Greedy layer-wise stack (the DDAE paper): level i is an AE on level i-1's codes; optional supervised fine-tune. */
export const stackedModelSchema = z.strictObject({
  type: z.literal('stacked'),
  levels: z.array(stackLevelSchema).min(1),
  fineTune: fineTuneSchema.optional(),
});
export type StackedModelConfig = z.output<typeof stackedModelSchema>;

const kernel = z.union([positiveInt, z.tuple([positiveInt, positiveInt])]);

export const convLayerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('conv2d'),
    filters: positiveInt,
    kernelSize: kernel.default(3),
    strides: kernel.default(1),
    padding: z.enum(['same', 'valid']).default('same'),
    activation: activationSchema.default('relu'),
    initializer: initializerSchema.prefault({ type: 'glorotUniform' }),
  }),
  z.strictObject({
    type: z.literal('maxPool'),
    poolSize: kernel.default(2),
    strides: kernel.optional(),
    padding: z.enum(['same', 'valid']).default('valid'),
  }),
  z.strictObject({
    type: z.literal('conv2dTranspose'),
    filters: positiveInt,
    kernelSize: kernel.default(2),
    strides: kernel.default(2),
    padding: z.enum(['same', 'valid']).default('valid'),
    activation: activationSchema.default('relu'),
    initializer: initializerSchema.prefault({ type: 'glorotUniform' }),
  }),
]);
export type ConvLayerConfig = z.output<typeof convLayerSchema>;

/**
 * A convolutional autoencoder as one list of layers; the last layer must give back the input's shape.
 * `codeLayer` indexes `layers` (default: the last layer before the first transposed convolution).
 */
export const convModelSchema = z.strictObject({
  type: z.literal('conv'),
  layers: z.array(convLayerSchema).min(1),
  codeLayer: z.number().int().nonnegative().optional(),
  regularization: regularizationSchema.prefault({}),
  corruption: corruptionSchema.optional(),
});
export type ConvModelConfig = z.output<typeof convModelSchema>;

export const modelConfigSchema = z.discriminatedUnion('type', [denseModelSchema, stackedModelSchema, convModelSchema]);
export type ModelConfig = z.output<typeof modelConfigSchema>;
