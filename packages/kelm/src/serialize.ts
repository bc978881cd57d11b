/**
 * Models as a JSON manifest plus one binary blob of little-endian arrays (the layout tfjs uses for weights),
 * so the manifest stays readable and the numbers stay exact.
 */
import { z } from 'zod';
import { KelmError } from './errors.js';
import { kernelSchema } from './kernels.js';
import type { ElmModel, KernelModel, Model } from './model.js';

export const MODEL_FORMAT = 'aelab-kelm';
export const MODEL_VERSION = 1;

const arraySpec = z.object({
  name: z.string(),
  dtype: z.enum(['float32', 'float64']),
  offset: z.number().int().min(0),
  length: z.number().int().min(0),
});

const solveSchema = z.object({
  method: z.enum(['float32-pcg', 'float64', 'native']),
  iterations: z.number(),
  relativeResidual: z.number(),
  raisedPivots: z.number(),
  seconds: z.number(),
  timings: z.object({ matrix: z.number(), factor: z.number(), refine: z.number() }),
  backend: z.string().optional(),
});

const common = {
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_VERSION),
  classes: z.array(z.number().int()).min(2),
  dim: z.number().int().min(1),
  solve: solveSchema,
  arrays: z.array(arraySpec),
};

export const manifestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['kelm', 'nystrom']), kernel: kernelSchema, C: z.number().positive(), ...common }),
  z.object({
    kind: z.literal('elm'),
    activation: z.enum(['sigmoid', 'tanh', 'relu', 'rbf']),
    hidden: z.number().int().min(1),
    C: z.number().positive().nullable(),
    seed: z.number().int(),
    ...common,
  }),
]);

export type ModelManifest = z.infer<typeof manifestSchema>;

type Named = { name: string; data: Float32Array | Float64Array };

function pack(arrays: Named[]): { specs: z.infer<typeof arraySpec>[]; bytes: Uint8Array } {
  let size = 0;
  const specs = arrays.map((a) => {
    // float64 arrays start on an 8-byte boundary so they can be viewed in place when read back.
    size = Math.ceil(size / 8) * 8;
    const spec = { name: a.name, dtype: a.data instanceof Float64Array ? ('float64' as const) : ('float32' as const), offset: size, length: a.data.length };
    size += a.data.byteLength;
    return spec;
  });
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  arrays.forEach((a, i) => {
    const { offset } = specs[i]!;
    if (a.data instanceof Float64Array) for (let k = 0; k < a.data.length; k++) view.setFloat64(offset + 8 * k, a.data[k]!, true);
    else for (let k = 0; k < a.data.length; k++) view.setFloat32(offset + 4 * k, a.data[k]!, true);
  });
  return { specs, bytes };
}

export function serializeModel(model: Model): { manifest: ModelManifest; weights: Uint8Array } {
  const base = { format: MODEL_FORMAT, version: MODEL_VERSION, classes: model.classes, dim: model.dim, solve: model.solve } as const;
  if (model.kind === 'elm') {
    const { specs, bytes } = pack([
      { name: 'weights', data: model.weights },
      { name: 'biases', data: model.biases },
      { name: 'beta', data: model.beta },
    ]);
    return {
      manifest: { ...base, kind: 'elm', activation: model.activation, hidden: model.hidden, C: model.C, seed: model.seed, arrays: specs },
      weights: bytes,
    };
  }
  const { specs, bytes } = pack([
    { name: 'support', data: model.support },
    { name: 'coef', data: model.coef },
  ]);
  return { manifest: { ...base, kind: model.kind, kernel: model.kernel, C: model.C, arrays: specs }, weights: bytes };
}

function unpack(manifest: ModelManifest, bytes: Uint8Array, name: string, dtype: 'float32' | 'float64', length: number): Float32Array | Float64Array {
  const spec = manifest.arrays.find((a) => a.name === name);
  if (!spec) throw new KelmError('INVALID_MODEL', `model weights lack "${name}"`);
  if (spec.dtype !== dtype || spec.length !== length) {
    throw new KelmError('INVALID_MODEL', `"${name}" is ${spec.length} ${spec.dtype} values, expected ${length} ${dtype}`);
  }
  const width = dtype === 'float64' ? 8 : 4;
  if (spec.offset + length * width > bytes.byteLength) throw new KelmError('INVALID_MODEL', `weights are truncated: "${name}" runs past ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dtype === 'float64') {
    const out = new Float64Array(length);
    for (let k = 0; k < length; k++) out[k] = view.getFloat64(spec.offset + 8 * k, true);
    return out;
  }
  const out = new Float32Array(length);
  for (let k = 0; k < length; k++) out[k] = view.getFloat32(spec.offset + 4 * k, true);
  return out;
}

export function deserializeModel(manifestJson: unknown, weights: Uint8Array): Model {
  const parsed = manifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KelmError('INVALID_MODEL', `not an ${MODEL_FORMAT} v${MODEL_VERSION} model manifest${issue?.path.length ? ` (at ${issue.path.join('.')})` : ''}: ${issue?.message ?? ''}`);
  }
  const m = parsed.data;
  const c = m.classes.length;
  if (m.kind === 'elm') {
    const model: ElmModel = {
      kind: 'elm',
      activation: m.activation,
      hidden: m.hidden,
      C: m.C,
      seed: m.seed,
      classes: m.classes,
      dim: m.dim,
      weights: unpack(m, weights, 'weights', 'float32', m.dim * m.hidden) as Float32Array,
      biases: unpack(m, weights, 'biases', 'float32', m.hidden) as Float32Array,
      beta: unpack(m, weights, 'beta', 'float64', m.hidden * c) as Float64Array,
      solve: m.solve,
    };
    return model;
  }
  const support = m.arrays.find((a) => a.name === 'support');
  const rows = support ? support.length / m.dim : 0;
  if (!Number.isInteger(rows) || rows < 1) throw new KelmError('INVALID_MODEL', 'support rows do not match the model dimension');
  const model: KernelModel = {
    kind: m.kind,
    kernel: m.kernel,
    C: m.C,
    classes: m.classes,
    dim: m.dim,
    support: unpack(m, weights, 'support', 'float32', rows * m.dim) as Float32Array,
    coef: unpack(m, weights, 'coef', 'float64', rows * c) as Float64Array,
    solve: m.solve,
  };
  return model;
}
