import { parseConfig } from '../config/unknown-keys.js';
import { runConfigSchema, type RunConfig } from '../config/run.js';
import { CoreError } from '../errors.js';
import { Rng } from '../layers/random.js';
import { formatFieldPath, parseFieldPath, setField } from './path.js';
import { MAX_SWEEP_RUNS, sweepSpecSchema, type SweepAxis, type SweepRange, type SweepSpec, type SweepValue } from './spec.js';

/** One combination of values; `values` is keyed by the canonical dotted path (`model.layers.0.units`). */
export interface SweepPoint {
  index: number;
  /** `p03`: stable, a folder name, and the start of its runs' keys. */
  key: string;
  values: Record<string, SweepValue>;
}

/** One run of a sweep: a point with one seed. */
export interface SweepRun {
  /** `p03-s1`: the point's key and the seed's index. */
  key: string;
  point: number;
  seed: number;
  config: RunConfig;
}

export interface SweepPlan {
  spec: SweepSpec;
  /** The varied fields, canonical dotted paths in the order given. */
  fields: string[];
  points: SweepPoint[];
  /** Point-major: every seed of point 0, then point 1, ... */
  runs: SweepRun[];
}

/**
 * Expands a sweep into its runs, each config validated against the run-config schema before anything runs: a
 * bad path or value is one error naming the path (`SWEEP_PATH`, `INVALID_CONFIG`, `UNKNOWN_CONFIG_KEY`).
 * Deterministic: the same spec gives the same points in the same order (random draws included).
 */
export function planSweep(input: unknown): SweepPlan {
  const spec = parseConfig(sweepSpecSchema, input, 'sweep');
  const base = withContext('the base run config', () => parseConfig(runConfigSchema, spec.base, 'run config'));
  const fields = spec.vary.map((a) => formatFieldPath(parseFieldPath(a.path)));
  const count = spec.random ? spec.random.count : gridSize(spec.vary);
  if (count * spec.seeds > MAX_SWEEP_RUNS) {
    throw new CoreError('SWEEP_TOO_LARGE', `the sweep has ${count} point${count === 1 ? '' : 's'} × ${spec.seeds} seed${spec.seeds === 1 ? '' : 's'} = ${count * spec.seeds} runs; at most ${MAX_SWEEP_RUNS} at once`);
  }
  const combos = spec.random ? drawPoints(spec.vary, spec.random.count, spec.random.seed) : gridPoints(spec.vary);
  const width = Math.max(2, String(combos.length - 1).length);
  const points: SweepPoint[] = combos.map((combo, index) => ({
    index,
    key: `p${String(index).padStart(width, '0')}`,
    values: Object.fromEntries(fields.map((f, i) => [f, combo[i]!])),
  }));
  const runs: SweepRun[] = [];
  for (const point of points) {
    let config = base as unknown as Record<string, unknown>;
    for (const field of fields) config = withContext('cannot vary', () => setField(config, field, point.values[field]), ' ');
    for (let s = 0; s < spec.seeds; s++) {
      const seeded = spec.seeds > 1 || !fields.includes('seed') ? setField(config, ['seed'], base.seed + s) : config;
      const parsed = withContext(`sweep point ${point.index + 1} of ${points.length} (${describeValues(point.values)})`, () => parseConfig(runConfigSchema, seeded, 'run config'));
      runs.push({ key: `${point.key}-s${s}`, point: point.index, seed: parsed.seed, config: parsed });
    }
  }
  return { spec, fields, points, runs };
}

/** `training.learningRate=0.01, model.layers.0.units=16` */
export function describeValues(values: Record<string, SweepValue>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function gridSize(vary: readonly SweepAxis[]): number {
  // Capped so that a huge product neither overflows nor is built: anything past the limit is refused anyway.
  return vary.reduce((n, a) => Math.min(n * (a.values?.length ?? 1), MAX_SWEEP_RUNS + 1), 1);
}

/** The full grid, the first axis varying slowest. */
function gridPoints(vary: readonly SweepAxis[]): SweepValue[][] {
  let combos: SweepValue[][] = [[]];
  for (const axis of vary) combos = combos.flatMap((c) => axis.values!.map((v) => [...c, v]));
  return combos;
}

/**
 * `count` seeded draws. When every axis lists values the draws are distinct grid points (a sample of the grid);
 * otherwise each draw picks each axis independently: a listed value, or a number from its range.
 */
function drawPoints(vary: readonly SweepAxis[], count: number, seed: number): SweepValue[][] {
  const rng = new Rng(seed, 'sweep-draws');
  if (vary.every((a) => a.values)) {
    const size = gridSize(vary);
    if (count > size) throw new CoreError('INVALID_SWEEP', `--random ${count} asks for more points than the grid has (${size}); drop --random to run the whole grid`);
    return sampleIndices(size, count, rng).map((i) => gridPoint(vary, i));
  }
  return Array.from({ length: count }, () => vary.map((a) => (a.values ? a.values[rng.int(a.values.length)]! : drawFromRange(a.range!, rng))));
}

/** Grid point `index` in the grid's order (mixed radix, the first axis most significant). */
function gridPoint(vary: readonly SweepAxis[], index: number): SweepValue[] {
  const out: SweepValue[] = new Array<SweepValue>(vary.length);
  let rest = index;
  for (let i = vary.length - 1; i >= 0; i--) {
    const values = vary[i]!.values!;
    out[i] = values[rest % values.length]!;
    rest = Math.floor(rest / values.length);
  }
  return out;
}

/** `count` distinct integers below `size` (size ≤ MAX_SWEEP_RUNS here), in draw order: a partial Fisher-Yates. */
function sampleIndices(size: number, count: number, rng: Rng): number[] {
  const pool = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(size - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

export function drawFromRange(r: SweepRange, rng: Rng): number {
  const u = rng.next();
  if (r.integer) {
    const lo = Math.ceil(r.min);
    const hi = Math.floor(r.max);
    if (r.scale === 'linear') return lo + rng.int(hi - lo + 1);
    // Log-uniform over [lo - 0.5, hi + 0.5) then rounded, so the end values get their share.
    const a = Math.log(Math.max(lo - 0.5, lo / 2));
    const b = Math.log(hi + 0.5);
    return Math.min(hi, Math.max(lo, Math.round(Math.exp(a + u * (b - a)))));
  }
  const x = r.scale === 'log' ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min))) : r.min + u * (r.max - r.min);
  // Four significant digits read well in a table and keep configs short; the clamp keeps rounding inside.
  return Math.min(r.max, Math.max(r.min, Number(x.toPrecision(4))));
}

/** Runs `fn`, putting `context` in front of the message of a config error it throws (the code is kept). */
function withContext<T>(context: string, fn: () => T, separator = ': '): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CoreError) throw new CoreError(err.code, `${context}${separator}${err.message}`, { cause: err });
    throw err;
  }
}
