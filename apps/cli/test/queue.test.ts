// Queue mode from the command line, as a user runs it: a redis-server of this test's own, `aelab serve --queue`,
// `aelab worker`, and `aelab runs` against them — a cancel typed at the CLI reaches the worker that holds the run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@aelab/server/client';
import { nodeArgs, root, runCli } from './cli.js';

const aelab = (args: string[]) => runCli(args, { AELAB_TOKEN: '', AELAB_SERVER: '' });

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-queue-'));
const long = join(temp, 'long.json');
writeFileSync(long, JSON.stringify({ seed: 3, backend: 'cpu', data: { name: 'gaussian', k: 3, d: 2, pointsPerCluster: 20 }, model: { type: 'dense', layers: [{ units: 2 }] }, training: { epochs: 5000, batchSize: 20 } }));

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  stderr: () => string;
}

/** Starts a process and resolves once a stdout line matches. */
function start(cmd: string, args: string[], ready: RegExp): Promise<Proc & { match: RegExpExecArray }> {
  const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AELAB_TOKEN: '' } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = ready.exec(line);
      if (match) ok({ child, stderr: () => err, match });
    });
    child.once('exit', (code) => fail(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${err}`)));
  });
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null) return;
  const exited = new Promise((ok) => p.child.once('exit', ok));
  p.child.kill('SIGTERM');
  await exited;
}

let redis: Proc | undefined;
let server: Proc | undefined;
let worker: Proc | undefined;
let url: string;

beforeAll(async () => {
  const port = await freePort();
  redis = await start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], /Ready to accept connections/);
  const queue = `redis://127.0.0.1:${port}`;
  const serve = await start(process.execPath, [...nodeArgs, 'serve', '--port', '0', '--state-dir', join(temp, 'state'), '--queue', queue], /^listening on (http:\S+)$/);
  server = serve;
  url = serve.match[1]!;
  worker = await start(process.execPath, [...nodeArgs, 'worker', '--queue', queue, '--server', url, '--name', 'cli-w1'], /^worker /);
}, 60_000);

afterAll(async () => {
  await stop(worker);
  await stop(server);
  await stop(redis);
  rmSync(temp, { recursive: true, force: true });
});

describe('aelab runs on a queue-mode server', () => {
  it('cancels a run a worker is training: the worker stops it', async () => {
    const submit = await aelab(['runs', 'submit', '--config', long, '--server', url]);
    expect(submit.code, submit.stderr).toBe(0);
    const id = submit.stdout.trim();
    // Wait until the worker holds it (its heartbeat says so).
    const client = createClient(url);
    for (let i = 0; i < 300 && !(await client.workers.list.query()).some((w) => w.runs.includes(id)); i++) await new Promise((r) => setTimeout(r, 100));
    const cancel = await aelab(['runs', 'cancel', id, '--server', url]);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout.trim()).toBe(`${id} cancelled`);
    expect(worker!.stderr()).toContain(`run ${id}: cancelled`);
    const show = await aelab(['runs', 'show', id, '--json', '--server', url]);
    expect(JSON.parse(show.stdout)).toMatchObject({ status: 'cancelled', worker: { name: 'cli-w1' } });
  }, 60_000);
});
