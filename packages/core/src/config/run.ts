import { z } from 'zod';
import { dataConfigSchema } from './data.js';
import { modelConfigSchema } from './model.js';
import { trainingConfigSchema } from './training.js';

export const backendNameSchema = z.enum(['auto', 'node-gpu', 'node', 'webgpu', 'webgl', 'blas', 'wasm', 'cpu']);
export type BackendChoice = z.output<typeof backendNameSchema>;

/**
 * One run: which data, which model, how to train it. The single schema shared by the CLI (`aelab train --config`),
 * the server (`runs.create`) and the web explorer's form. Every field has a default, so `{}` is a valid config
 * (a small dense AE on MNIST).
 */
export const runConfigSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  /** Seeds weights, shuffling, splits, masks and noise: same config + seed + backend gives the same numbers. */
  seed: z.number().int().default(0),
  backend: backendNameSchema.default('auto'),
  data: dataConfigSchema.prefault({ name: 'mnist' }),
  model: modelConfigSchema.prefault({ type: 'dense' }),
  training: trainingConfigSchema.prefault({}),
}).superRefine((c, ctx) => {
  // Cross-field rules: losses computed from logits need a sigmoid output; conv models need images.
  const loss = c.training.loss;
  const fromLogits = loss === 'bce' || loss === 'kl';
  const m = c.model;
  if (m.type === 'dense' && fromLogits && m.outputActivation !== 'sigmoid') {
    ctx.addIssue({ code: 'custom', path: ['model', 'outputActivation'], message: `loss '${loss}' needs a sigmoid output, got '${m.outputActivation}'` });
  }
  if (m.type === 'stacked' && fromLogits) {
    m.levels.forEach((l, i) => {
      if (l.outputActivation !== 'sigmoid') {
        ctx.addIssue({ code: 'custom', path: ['model', 'levels', i, 'outputActivation'], message: `loss '${loss}' needs a sigmoid output, got '${l.outputActivation}'` });
      }
    });
  }
  if (m.type === 'conv') {
    const last = m.layers[m.layers.length - 1];
    if (!last || last.type === 'maxPool') {
      ctx.addIssue({ code: 'custom', path: ['model', 'layers', m.layers.length - 1], message: 'the last layer must be a convolution' });
    } else if (fromLogits && last.activation !== 'sigmoid') {
      ctx.addIssue({ code: 'custom', path: ['model', 'layers', m.layers.length - 1, 'activation'], message: `loss '${loss}' needs a sigmoid output, got '${last.activation}'` });
    }
    if (c.data.name === 'gaussian' || c.data.name === 'inline') {
      ctx.addIssue({ code: 'custom', path: ['data', 'name'], message: `conv models need image data, got '${c.data.name}'` });
    }
  }
});

/** A parsed config: every default filled in. */
export type RunConfig = z.output<typeof runConfigSchema>;
/** What a user may write: defaults optional. */
export type RunConfigInput = z.input<typeof runConfigSchema>;
