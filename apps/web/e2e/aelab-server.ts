import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export interface AelabServer {
  url: string;
  stateDir: string;
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * The real run service from its sources, as `aelab serve` starts it, on a free loopback port with a fresh state
 * dir, serving `webDir` on the same origin (null: the API only). Resolves with the URL from its first stdout line.
 */
export function startAelabServer(webDir: string | null, args: string[] = []): Promise<AelabServer> {
  const stateDir = mkdtempSync(join(tmpdir(), 'aelab-web-e2e-state-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'apps/server/src/main.ts', '--port', '0', '--state-dir', stateDir, ...(webDir ? ['--web-dir', webDir] : ['--no-web']), ...args],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AELAB_TOKEN: '' } },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the aelab server did not start: ${err}`));
    }, 60_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      const m = /^listening on (http:\/\/\S+)$/.exec(line);
      if (!m) return fail(new Error(`unexpected first line "${line}": ${err}`));
      ok({
        url: m[1]!,
        stateDir,
        stderr: () => err,
        async stop() {
          child.kill('SIGTERM');
          await exited;
          rmSync(stateDir, { recursive: true, force: true });
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the aelab server exited with ${code}: ${err}`));
    });
  });
}
