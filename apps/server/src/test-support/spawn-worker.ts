// Test helper: an `aelab worker` process from its sources.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../worker-main.ts', import.meta.url));

export interface ChildWorker {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export function spawnWorker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', main, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const worker: ChildWorker = {
    child,
    stderr: () => err,
    exited,
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not start in time: ${err}`));
    }, 30_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      if (line.startsWith('worker ')) resolve(worker);
      else reject(new Error(`unexpected first line "${line}": ${err}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with code ${code}: ${err}`));
    });
  });
}
