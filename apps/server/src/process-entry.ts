// What `aelab-server` (main.ts) and `aelab worker` (worker-main.ts) share as processes: how they stop and how a
// failed start is reported, so the CLI that spawns either sees the same signals, exit codes and error lines.

/**
 * Closes once on SIGINT, SIGTERM or, when spawned over IPC by the CLI, on the parent's exit (the process must
 * not outlive the command), then exits 0. `consequence` tells the user what stopping does to their runs.
 */
export function stopOnSignals(prefix: string, consequence: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${prefix}: ${why}; ${consequence}\n`);
    void close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('interrupted'));
  process.on('SIGTERM', () => stop('terminated'));
  if (process.send) process.on('disconnect', () => stop('the aelab command exited'));
}

/**
 * Runs `main` on the process's arguments. Coded errors (ServerError, or anything else with an UPPER_CASE code)
 * and argument errors exit 2 with one line; anything else is a bug and exits 1 with its stack.
 */
export async function runEntry(prefix: string, usage: string, main: (argv: string[]) => Promise<void>): Promise<void> {
  try {
    await main(process.argv.slice(2));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) {
      process.stderr.write(`${prefix}: ${(err as Error).message} [${code}]\n`);
      process.exitCode = 2;
    } else if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${prefix}: ${(err as Error).message}\n${usage}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${prefix}: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
