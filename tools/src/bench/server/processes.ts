// The processes a server benchmark drives: redis-server, the server (`aelab serve`) and `aelab worker`s.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Proc {
  child: ChildProcess;
  /** The last few KiB the process wrote on stderr (shown when something went wrong). */
  stderr(): string;
  /** SIGTERM (SIGKILL after 15 s) and wait for the exit. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function proc(child: ChildProcess): Proc {
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4096)));
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
  return {
    child,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Resolves with the first stdout line that matches, or rejects when the process exits or says nothing in time. */
function firstLine(child: ChildProcess, what: string, match: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = match.exec(line);
      if (!m) return;
      clearTimeout(t);
      lines.close();
      resolve(m);
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${what} exited with code ${code}`));
    });
  });
}

/** A redis-server of the benchmark's own on a free loopback port, without persistence. */
export async function startRedis(): Promise<Proc & { url: string }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const failed = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`cannot run redis-server (apt-get install redis-server): ${err.message}`))));
  const p = proc(child);
  await Promise.race([firstLine(child, 'redis-server', /Ready to accept connections/), failed]);
  child.stdout!.resume();
  return { ...p, url: `redis://127.0.0.1:${port}` };
}

/** `aelab serve` from its sources; `nodeArgs` go to node (e.g. --cpu-prof). */
export async function startServer(args: string[], nodeArgs: string[] = []): Promise<Proc & { url: string }> {
  const main = fileURLToPath(import.meta.resolve('@aelab/server/main'));
  const child = spawn(process.execPath, [...process.execArgv, ...nodeArgs, main, '--port', '0', '--no-web', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AELAB_TOKEN: '' },
  });
  const p = proc(child);
  const m = await firstLine(child, 'the server', /^listening on (\S+)$/).catch((err: Error) => Promise.reject(new Error(`${err.message}: ${p.stderr()}`)));
  child.stdout!.resume();
  return { ...p, url: m[1]! };
}

/** `aelab worker` from its sources. */
export async function startWorker(args: string[]): Promise<Proc> {
  const main = fileURLToPath(import.meta.resolve('@aelab/server/worker-main'));
  const child = spawn(process.execPath, [...process.execArgv, main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AELAB_TOKEN: '' } });
  const p = proc(child);
  await firstLine(child, 'the worker', /^worker /).catch((err: Error) => Promise.reject(new Error(`${err.message}: ${p.stderr()}`)));
  child.stdout!.resume();
  return p;
}

/**
 * CPU seconds the process's main thread has used (Linux: /proc/PID/task/PID/stat, user + system, at 100 ticks a
 * second): for the server, the thread that answers every call. Undefined elsewhere.
 */
export function mainThreadCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
