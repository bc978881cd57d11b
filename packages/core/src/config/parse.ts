import type { z } from 'zod';
import { formatPath } from './path.js';
import { runConfigSchema, type RunConfig } from './run.js';
import { describeUnknownKey, parseConfig, UnknownConfigKeyError, unknownKeyReason, unknownKeys } from './unknown-keys.js';

export { formatPath };

/** One line per problem: `path: reason`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
}

/**
 * Validates a run config (a parsed JSON value, or a JSON string) and fills in the defaults.
 * Throws `UnknownConfigKeyError` (`UNKNOWN_CONFIG_KEY`) when it names a key the schema does not know, else
 * `CoreError('INVALID_CONFIG')`; the message names the offending paths and the reasons.
 */
export function parseRunConfig(json: unknown): RunConfig {
  return parseConfig(runConfigSchema, json, 'run config');
}

/**
 * Like parseRunConfig but returns the issues instead of throwing (for forms). An unknown key is its own issue, at
 * the key's path: `{ path: 'training.learningrate', message: 'unknown key — did you mean "learningRate"?' }`.
 */
export function validateRunConfig(json: unknown): { ok: true; config: RunConfig } | { ok: false; issues: { path: string; message: string }[] } {
  const result = runConfigSchema.safeParse(json);
  if (result.success) return { ok: true, config: result.data };
  const unknown = unknownKeys(runConfigSchema, json, result.error.issues).map((k) => ({ path: k.path, message: unknownKeyReason(k) }));
  const others = result.error.issues.filter((i) => i.code !== 'unrecognized_keys').map((i) => ({ path: formatPath(i.path), message: i.message }));
  return { ok: false, issues: [...unknown, ...others] };
}

/**
 * The unknown keys of a run config as the typed error parseRunConfig would throw, or null when every key is known
 * (other problems are left to the caller). For importers that show value errors at form fields but must refuse
 * keys no field stands for.
 */
export function runConfigKeyError(json: unknown): UnknownConfigKeyError | null {
  const result = runConfigSchema.safeParse(json);
  if (result.success) return null;
  const keys = unknownKeys(runConfigSchema, json, result.error.issues);
  if (keys.length === 0) return null;
  return new UnknownConfigKeyError(`invalid run config: ${keys.map(describeUnknownKey).join('; ')}`, keys, { cause: result.error });
}
