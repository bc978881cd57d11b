/**
 * Every aelab package throws one error class of its own with a stable `code` (tRPC-style).
 * They share this shape, so the CLI can tell a user mistake (one line, exit 2) from a bug
 * (stack trace, exit 1) without importing every package's class.
 */
interface CodedError extends Error {
  code: string;
}

function isCodedError(err: unknown): err is CodedError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && /^[A-Z][A-Z0-9_]+$/.test((err as CodedError).code);
}

/** The error as one JSON object for scripts (`--json`): a stable code and the same sentence people see. */
export function errorJson(err: unknown): { error: { code: string; message: string } } {
  if (isCodedError(err)) return { error: { code: err.code, message: err.message } };
  if (err instanceof Error && err.name === 'AbortError') return { error: { code: 'ABORTED', message: 'stopped' } };
  return { error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
}

/** Prints the error for a person and returns the process exit code. */
export function reportError(err: unknown): number {
  if (isCodedError(err)) {
    process.stderr.write(`aelab: ${err.message} [${err.code}]\n`);
    return 2;
  }
  if (err instanceof Error && err.name === 'AbortError') {
    process.stderr.write('aelab: stopped\n');
    return 130;
  }
  process.stderr.write(`aelab: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}

/** The CLI's own user-facing failure (bad arguments, missing files): printed as `aelab: message [CODE]`, exit 2. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
