import { z } from 'zod';

const positiveInt = z.number().int().positive();

export const optimizerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('sgd') }),
  z.strictObject({ type: z.literal('momentum'), momentum: z.number().min(0).lt(1).default(0.9), nesterov: z.boolean().default(false) }),
  z.strictObject({
    type: z.literal('rmsprop'),
    decay: z.number().min(0).lt(1).default(0.9),
    momentum: z.number().min(0).lt(1).default(0),
    epsilon: z.number().positive().default(1e-7),
  }),
  z.strictObject({
    type: z.literal('adam'),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    epsilon: z.number().positive().default(1e-7),
  }),
]);
export type OptimizerConfig = z.output<typeof optimizerSchema>;

/**
 * `mse` (RMSE reported alongside), `bce` (binary cross-entropy from logits; needs a sigmoid output),
 * `kl` (KL(x || z) summed over features, the DDAE paper's reconstruction loss; needs outputs in (0, 1)).
 */
export const lossSchema = z.enum(['mse', 'bce', 'kl']);
export type LossName = z.output<typeof lossSchema>;

export const trainingConfigSchema = z.strictObject({
  optimizer: optimizerSchema.prefault({ type: 'adam' }),
  learningRate: z.number().positive().default(0.001),
  loss: lossSchema.default('mse'),
  batchSize: positiveInt.default(64),
  epochs: positiveInt.default(10),
  /** Stop after this many optimiser steps in total, whatever the epoch. */
  maxSteps: positiveInt.optional(),
  shuffle: z.boolean().default(true),
  /** Fraction of the training samples held out (seeded) for the validation loss; 0 for none. */
  validationFraction: z.number().min(0).lt(1).default(0.1),
  /** Stop when the validation loss (training loss without validation) has not improved by minDelta for `patience` epochs. */
  earlyStopping: z.strictObject({ patience: positiveInt.default(5), minDelta: z.number().nonnegative().default(0) }).optional(),
  /** Stop when the epoch loss changes by less than this between two epochs. */
  convergenceEpsilon: z.number().positive().optional(),
  /** Emit a snapshot (weights of the first layer and codes of a fixed sample) every N steps. */
  snapshotEvery: positiveInt.optional(),
  /** Write a checkpoint every N epochs (the run directory always gets one at the end and on cancel). */
  checkpointEvery: positiveInt.default(1),
});
export type TrainingConfig = z.output<typeof trainingConfigSchema>;
