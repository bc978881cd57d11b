import type { z } from 'zod';
import { CoreError } from '../errors.js';
import { runConfigSchema, type RunConfig } from './run.js';

/** `model.layers[0].units` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** One line per problem: `path: reason`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
}

/**
 * Validates a run config (a parsed JSON value, or a JSON string) and fills in the defaults.
 * Throws `CoreError('INVALID_CONFIG')` whose message names the offending path and the reason.
 */
export function parseRunConfig(json: unknown): RunConfig {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new CoreError('INVALID_CONFIG', `invalid run config: not JSON (${(err as Error).message})`);
    }
  }
  const result = runConfigSchema.safeParse(value);
  if (!result.success) {
    throw new CoreError('INVALID_CONFIG', `invalid run config: ${formatIssues(result.error.issues)}`, { cause: result.error });
  }
  return result.data;
}

/** Like parseRunConfig but returns the issues instead of throwing (for forms). */
export function validateRunConfig(json: unknown): { ok: true; config: RunConfig } | { ok: false; issues: { path: string; message: string }[] } {
  const result = runConfigSchema.safeParse(json);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, issues: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
}
