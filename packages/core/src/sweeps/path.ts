import { CoreError } from '../errors.js';

/** One step into a JSON value: an object key or an array index. */
export type PathSegment = string | number;

/**
 * `model.layers.0.units` (or `model.layers[0].units`) as segments: numbers index arrays. The dotted form is what
 * people type on a command line and what the results table names its columns by.
 */
export function parseFieldPath(path: string): PathSegment[] {
  const text = path.trim().replace(/\[(\d+)\]/g, '.$1');
  if (text === '') throw pathError(path, 'the path is empty');
  const parts = text.split('.');
  return parts.map((p) => {
    if (p === '') throw pathError(path, 'a path segment is empty (two dots, or a dot at an end)');
    if (/^\d+$/.test(p)) return Number(p);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) throw pathError(path, `"${p}" is not a field name`);
    return p;
  });
}

/** The canonical dotted form: `model.layers[0].units` → `model.layers.0.units`. */
export function formatFieldPath(segments: readonly PathSegment[]): string {
  return segments.map(String).join('.');
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The value at `path` in `root`, or undefined when any step is missing. */
export function getField(root: unknown, path: string | readonly PathSegment[]): unknown {
  const segments = typeof path === 'string' ? parseFieldPath(path) : path;
  let cur: unknown = root;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isObject(cur)) return undefined;
      cur = cur[seg];
    }
  }
  return cur;
}

/**
 * A copy of `root` with `value` at `path`; `root` is not changed. Every step but the last must exist (an array
 * index within the array); the last may name a key the object lacks, since optional fields are left out of parsed
 * configs — whether that key exists at all is the config schema's call, which names it and suggests a spelling.
 */
export function setField<T>(root: T, path: string | readonly PathSegment[], value: unknown): T {
  const segments = typeof path === 'string' ? parseFieldPath(path) : [...path];
  const shown = typeof path === 'string' ? path : formatFieldPath(path);
  if (segments.length === 0) throw pathError(shown, 'the path is empty');
  const copy = structuredClone(root) as unknown;
  let cur: unknown = copy;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    const here = formatFieldPath(segments.slice(0, i)) || 'the config';
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) throw pathError(shown, `${here} is ${describe(cur)}, not a list, so it has no item ${seg}`);
      if (seg >= cur.length) throw pathError(shown, `${here} has ${cur.length} item${cur.length === 1 ? '' : 's'}${cur.length > 0 ? ` (indices 0..${cur.length - 1})` : ''}`);
      if (last) cur[seg] = value;
      else cur = cur[seg];
    } else {
      if (!isObject(cur)) throw pathError(shown, `${here} is ${describe(cur)}, so it has no field "${seg}"`);
      if (last) cur[seg] = value;
      else if (cur[seg] === undefined) throw pathError(shown, `${formatFieldPath(segments.slice(0, i + 1))} is not set in the config`);
      else cur = cur[seg];
    }
  }
  return copy as T;
}

function describe(v: unknown): string {
  if (v === undefined) return 'not set';
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)}`;
}

function pathError(path: string, why: string): CoreError {
  return new CoreError('SWEEP_PATH', `${path}: ${why}`);
}
