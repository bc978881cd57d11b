import type { z } from 'zod';
import { CoreError } from '../errors.js';
import { formatPath } from './path.js';

/**
 * Config schemas are strict at every depth (`z.strictObject`), because a misspelled key would otherwise be dropped
 * silently and the run would use the default. This module turns zod's `unrecognized_keys` issues into one line per
 * key, with the full path of the key and the nearest known key as a suggestion.
 */
export interface UnknownKey {
  /** Full path of the unknown key, e.g. `training.learningrate`. */
  readonly path: string;
  readonly key: string;
  /** The closest key the schema knows at that place, when one is close enough to be a likely typo. */
  readonly suggestion?: string;
}

/** `unknown key — did you mean "learningRate"?` */
export function unknownKeyReason(k: UnknownKey): string {
  return `unknown key${k.suggestion === undefined ? '' : ` — did you mean "${k.suggestion}"?`}`;
}

/** `training.learningrate: unknown key — did you mean "learningRate"?` */
export function describeUnknownKey(k: UnknownKey): string {
  return `${k.path}: ${unknownKeyReason(k)}`;
}

/** A config (run, reproduce, ...) names a key its schema does not know. Stable code: `UNKNOWN_CONFIG_KEY`. */
export class UnknownConfigKeyError extends CoreError {
  declare readonly code: 'UNKNOWN_CONFIG_KEY';
  readonly keys: readonly UnknownKey[];

  constructor(message: string, keys: readonly UnknownKey[], options?: { cause?: unknown }) {
    super('UNKNOWN_CONFIG_KEY', message, options);
    this.name = 'UnknownConfigKeyError';
    this.keys = keys;
  }
}

/** The unknown keys among a failed parse's issues. `schema` and `value` are what was parsed (for suggestions). */
export function unknownKeys(schema: z.ZodType, value: unknown, issues: readonly z.core.$ZodIssue[]): UnknownKey[] {
  const out: UnknownKey[] = [];
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = knownKeysAt(schema, value, issue.path);
    for (const key of issue.keys) {
      const suggestion = known ? suggestKey(key, known) : undefined;
      out.push({ path: formatPath([...issue.path, key]), key, ...(suggestion === undefined ? {} : { suggestion }) });
    }
  }
  return out;
}

/**
 * One line for all of a failed parse's issues, unknown keys first (a misspelled key often explains the other
 * issues, e.g. a required field reported missing), each as `path: reason`.
 */
export function describeConfigIssues(schema: z.ZodType, value: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const unknown = unknownKeys(schema, value, issues).map(describeUnknownKey);
  const others = issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => `${formatPath(i.path)}: ${i.message}`);
  return [...unknown, ...others].join('; ');
}

/**
 * The typed error for a config that failed `schema`: `UnknownConfigKeyError` when it names unknown keys, else
 * `CoreError('INVALID_CONFIG')`. `what` names the config in the message (`invalid run config: ...`).
 */
export function configError(schema: z.ZodType, value: unknown, error: z.ZodError, what: string): CoreError {
  const message = `invalid ${what}: ${describeConfigIssues(schema, value, error.issues)}`;
  const keys = unknownKeys(schema, value, error.issues);
  return keys.length > 0 ? new UnknownConfigKeyError(message, keys, { cause: error }) : new CoreError('INVALID_CONFIG', message, { cause: error });
}

/**
 * Validates a config (a parsed JSON value, or a JSON string) against a strict schema and fills in its defaults.
 * Throws `configError`'s errors, or `CoreError('INVALID_CONFIG')` for text that is not JSON.
 */
export function parseConfig<S extends z.ZodType>(schema: S, json: unknown, what: string): z.output<S> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new CoreError('INVALID_CONFIG', `invalid ${what}: not JSON (${(err as Error).message})`);
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) throw configError(schema, value, result.error, what);
  return result.data;
}

/**
 * The nearest known key, if it is a likely typo: same letters in another case, or within an edit distance of about
 * a third of the key's length (`learningrate` -> `learningRate`, `epoch` -> `epochs`, `unit` -> `units`).
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions, the commonest typo). */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

// ---- Finding the object schema an issue's path points at. ----
// zod's issue names the unknown keys but not the known ones, so the schema is walked along the path, following the
// parsed value to choose the option of a union.

interface Def {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips wrappers (optional, default, prefault, pipe, lazy, ...) and picks the union option `value` belongs to. */
function resolve(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  for (let depth = 0; depth < 64; depth++) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'pipe' && def.in) schema = def.in;
    else if (def.type === 'lazy' && def.getter) schema = def.getter();
    else if (def.type === 'union' && def.options) {
      const option = pickOption(def, value);
      if (!option) return undefined;
      schema = option;
    } else return schema;
  }
  return undefined;
}

function pickOption(def: Def, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && isRecord(value)) {
    const tag = value[def.discriminator];
    const match = options.find((o) => {
      const field = resolve(o, value);
      const discriminant = field && defOf(field).shape?.[def.discriminator!];
      return discriminant !== undefined && (defOf(discriminant).values ?? []).includes(tag);
    });
    if (match) return match;
  }
  // A plain union: the first option that accepts the value, else the first whose kind (object, array) fits it.
  return options.find((o) => o.safeParse(value).success) ?? options.find((o) => fitsKind(o, value));
}

function fitsKind(schema: z.ZodType, value: unknown): boolean {
  const type = defOf(resolve(schema, undefined) ?? schema).type;
  return Array.isArray(value) ? type === 'array' || type === 'tuple' : isRecord(value) ? type === 'object' || type === 'record' : true;
}

function knownKeysAt(root: z.ZodType, rootValue: unknown, path: readonly PropertyKey[]): string[] | undefined {
  let schema: z.ZodType | undefined = resolve(root, rootValue);
  let value = rootValue;
  for (const segment of path) {
    if (!schema) return undefined;
    const def = defOf(schema);
    const child = (value as Record<PropertyKey, unknown> | undefined)?.[segment];
    let next: z.ZodType | undefined;
    if (def.type === 'object') next = def.shape?.[String(segment)];
    else if (def.type === 'array') next = def.element;
    else if (def.type === 'tuple') next = def.items?.[Number(segment)] ?? def.rest ?? undefined;
    else if (def.type === 'record') next = def.valueType;
    schema = next && resolve(next, child);
    value = child;
  }
  const shape = schema && defOf(schema).shape;
  return shape ? Object.keys(shape) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
