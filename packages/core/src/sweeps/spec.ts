import { z } from 'zod';
import { CoreError } from '../errors.js';
import { parseFieldPath } from './path.js';

/** A sweep never queues more runs than this at once (points × seeds): a typo should not fill a queue. */
export const MAX_SWEEP_RUNS = 1000;
export const MAX_SWEEP_AXES = 16;
export const MAX_SWEEP_SEEDS = 100;
/** Values of one axis, and the numbers a range is drawn from. */
const MAX_AXIS_VALUES = 100;

/** What a config field may be set to by a sweep: JSON scalars. */
export const sweepValueSchema = z.union([z.number(), z.string().max(200), z.boolean()]);
export type SweepValue = z.output<typeof sweepValueSchema>;

export const sweepRangeSchema = z.strictObject({
  min: z.number(),
  max: z.number(),
  /** `log`: log-uniform (learning rates, penalties); `linear`: uniform. */
  scale: z.enum(['linear', 'log']).default('linear'),
  /** Draws are rounded to whole numbers (layer sizes, batch sizes). */
  integer: z.boolean().default(false),
});
export type SweepRange = z.output<typeof sweepRangeSchema>;

/** One varied field: a list of values (grid or draws), or a range (random draws only). */
export const sweepAxisSchema = z.strictObject({
  /** A dotted path into the run config, numbers indexing lists: `model.layers.0.units`. */
  path: z.string().min(1).max(200),
  values: z.array(sweepValueSchema).min(1).max(MAX_AXIS_VALUES).optional(),
  range: sweepRangeSchema.optional(),
});
export type SweepAxis = z.output<typeof sweepAxisSchema>;

/**
 * A sweep: a base run config, the fields to vary, how many seeds per point, and either the full grid (default) or
 * `random.count` seeded draws. The one definition the CLI flags, the server's `sweeps.create` and the web speak.
 */
export const sweepSpecSchema = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    /** A run config (defaults optional); each point's config is this with the point's values, validated whole. */
    base: z.record(z.string(), z.unknown()).default({}),
    vary: z.array(sweepAxisSchema).min(1).max(MAX_SWEEP_AXES),
    /** Runs per point, with seeds base.seed, base.seed + 1, ... */
    seeds: z.number().int().min(1).max(MAX_SWEEP_SEEDS).default(1),
    /** Instead of the grid: `count` points drawn with the generator seeded by `seed`. */
    random: z
      .strictObject({
        count: z.number().int().min(1).max(MAX_SWEEP_RUNS),
        seed: z.number().int().min(0).max(4294967295).default(0),
      })
      .optional(),
  })
  .superRefine((spec, ctx) => {
    const seen = new Set<string>();
    spec.vary.forEach((axis, i) => {
      let canonical: string;
      try {
        canonical = parseFieldPath(axis.path).join('.');
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['vary', i, 'path'], message: (err as CoreError).message });
        return;
      }
      if (seen.has(canonical)) ctx.addIssue({ code: 'custom', path: ['vary', i, 'path'], message: `${axis.path} is varied twice` });
      seen.add(canonical);
      if (canonical === 'seed' && spec.seeds > 1) ctx.addIssue({ code: 'custom', path: ['vary', i, 'path'], message: 'vary seed or ask for several seeds, not both' });
      if ((axis.values === undefined) === (axis.range === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['vary', i], message: `${axis.path}: give either values or a range` });
        return;
      }
      const r = axis.range;
      if (!r) return;
      if (!spec.random) ctx.addIssue({ code: 'custom', path: ['vary', i, 'range'], message: `${axis.path}: a range is drawn from, so it needs random draws (--random K); list values for a grid` });
      if (!(r.min < r.max)) ctx.addIssue({ code: 'custom', path: ['vary', i, 'range'], message: `${axis.path}: the range's low end must be below its high end` });
      if (r.scale === 'log' && r.min <= 0) ctx.addIssue({ code: 'custom', path: ['vary', i, 'range'], message: `${axis.path}: a log range needs a low end above 0` });
      if (r.integer && Math.ceil(r.min) > Math.floor(r.max)) ctx.addIssue({ code: 'custom', path: ['vary', i, 'range'], message: `${axis.path}: no whole number lies in the range` });
    });
  });

export type SweepSpec = z.output<typeof sweepSpecSchema>;
export type SweepSpecInput = z.input<typeof sweepSpecSchema>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;

/** `16` → 16, `true` → true, `relu` → 'relu': what a person means by a bare word on a command line. */
export function parseSweepValue(text: string): SweepValue {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

/**
 * One `--vary` argument as an axis: `PATH=V1,V2,...` (values), `PATH=A..B` (a uniform range; whole numbers when
 * both ends are) or `PATH=log:A..B` (log-uniform). Ranges are for random draws; the spec's schema says so.
 */
export function parseVary(arg: string): SweepAxis {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new CoreError('INVALID_SWEEP', `--vary ${arg}: expected PATH=V1,V2,... or PATH=A..B (e.g. training.learningRate=0.01,0.001)`);
  const path = arg.slice(0, eq).trim();
  parseFieldPath(path);
  const rest = arg.slice(eq + 1).trim();
  const log = /^log:/i.test(rest);
  const body = log ? rest.slice(4).trim() : rest;
  const range = /^(.+?)\.\.(.+)$/.exec(body);
  if (range && !body.includes(',')) {
    const [lo, hi] = [range[1]!.trim(), range[2]!.trim()];
    if (!NUMBER.test(lo) || !NUMBER.test(hi)) throw new CoreError('INVALID_SWEEP', `--vary ${arg}: a range is two numbers, A..B`);
    return { path, range: { min: Number(lo), max: Number(hi), scale: log ? 'log' : 'linear', integer: INTEGER.test(lo) && INTEGER.test(hi) } };
  }
  if (log) throw new CoreError('INVALID_SWEEP', `--vary ${arg}: log: goes with a range, e.g. ${path}=log:1e-4..1e-1`);
  const parts = body.split(',');
  if (parts.some((p) => p.trim() === '')) throw new CoreError('INVALID_SWEEP', `--vary ${arg}: a value is empty; list them as ${path}=V1,V2,...`);
  return { path, values: parts.map(parseSweepValue) };
}

/** An axis as a person writes it back: `training.learningRate=0.01,0.001` or `...=log:0.0001..0.1`. */
export function describeAxis(axis: SweepAxis): string {
  if (axis.values) return `${axis.path}=${axis.values.map(String).join(',')}`;
  const r = axis.range!;
  return `${axis.path}=${r.scale === 'log' ? 'log:' : ''}${r.min}..${r.max}`;
}
