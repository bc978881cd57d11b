import type { z } from 'zod';
import { CoreError } from '../errors.js';

/** An AbortError: how a stop travels through the awaits of a job. */
export function abortError(): Error {
  const err = new Error('stopped');
  err.name = 'AbortError';
  return err;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

/** A code and message for any error: CoreError-like errors keep their code, anything else is INTERNAL. */
export function errorInfo(err: unknown): { code: string; message: string } {
  const code = err instanceof Error && typeof (err as { code?: unknown }).code === 'string' ? (err as unknown as { code: string }).code : 'INTERNAL';
  return { code, message: err instanceof Error ? err.message : String(err) };
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Validates an experiment's options with its schema; a mistake is one INVALID_OPTIONS line naming each path. */
export function parseOptions<S extends z.ZodType>(name: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new CoreError('INVALID_OPTIONS', `invalid options for experiment "${name}": ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}
