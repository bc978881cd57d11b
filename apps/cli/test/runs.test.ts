// `aelab serve` and `aelab runs ...`, run as a user runs them: child processes from the repository root.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeArgs, root, runCli, runCliIntoClosedPipe } from './cli.js';

const aelab = (args: string[], env: Record<string, string> = {}) => runCli(args, { AELAB_TOKEN: '', AELAB_SERVER: '', ...env });

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-runs-'));
const tiny = join(temp, 'tiny.json');
const long = join(temp, 'long.json');
const bad = join(temp, 'bad.json');
const net = { data: { name: 'gaussian', k: 3, d: 2, pointsPerCluster: 20 }, model: { type: 'dense', layers: [{ units: 2 }] }, backend: 'cpu' };
writeFileSync(tiny, JSON.stringify({ ...net, training: { epochs: 2, batchSize: 20 } }));
writeFileSync(long, JSON.stringify({ ...net, seed: 1, training: { epochs: 5000, batchSize: 20 } }));
writeFileSync(bad, JSON.stringify({ ...net, training: { epochs: 0 } }));

let server: ChildProcess;
let url: string;

beforeAll(async () => {
  server = spawn(process.execPath, [...nodeArgs, 'serve', '--port', '0', '--state-dir', join(temp, 'state')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AELAB_TOKEN: '' },
  });
  url = await new Promise<string>((ok, fail) => {
    createInterface({ input: server.stdout! }).once('line', (line) => {
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) ok(m[1]!);
      else fail(new Error(`unexpected first line: ${line}`));
    });
    server.once('exit', (code) => fail(new Error(`aelab serve exited with ${code}`)));
  });
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((ok) => server.once('exit', ok));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(temp, { recursive: true, force: true });
});

describe('aelab runs', () => {
  it('submits a config, follows its logs to the end, shows and lists it', async () => {
    const submit = await aelab(['runs', 'submit', '--config', tiny, '--json', '--server', url]);
    expect(submit.code, submit.stderr).toBe(0);
    const { id } = JSON.parse(submit.stdout) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{8}-/);

    const logs = await aelab(['runs', 'logs', id, '--json'], { AELAB_SERVER: url });
    expect(logs.code, logs.stderr).toBe(0);
    const events = JSON.parse(logs.stdout) as { type: string; status?: string; event?: { type: string } }[];
    expect(events.filter((e) => e.type === 'status').map((e) => e.status)).toEqual(['queued', 'running', 'succeeded']);
    expect(events.filter((e) => e.event?.type === 'epoch')).toHaveLength(2);

    const show = await aelab(['runs', 'show', id, '--json', '--server', url]);
    expect(JSON.parse(show.stdout)).toMatchObject({ id, status: 'succeeded', dataset: 'gaussian' });
    const human = await aelab(['runs', 'show', id, '--server', url]);
    expect(human.stdout).toMatch(/status\s+succeeded/);

    const list = await aelab(['runs', 'list', '--status', 'succeeded', '--json', '--server', url]);
    expect((JSON.parse(list.stdout) as { items: { id: string }[] }).items.map((r) => r.id)).toContain(id);
    const table = await aelab(['runs', 'list', '--server', url]);
    expect(table.stdout.split('\n')[0]).toMatch(/^id\s+status\s+dataset/);
  });

  it('ends quietly with exit 0 when the reader leaves early (| head)', async () => {
    const submit = await aelab(['runs', 'submit', '--config', tiny, '--follow', '--json', '--server', url]);
    const { id } = JSON.parse(submit.stdout) as { id: string };
    for (const args of [['runs', 'show', id], ['runs', 'logs', id, '--no-follow'], ['runs', 'list']]) {
      const r = await runCliIntoClosedPipe([...args, '--server', url], { AELAB_TOKEN: '' });
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('takes --batch-size, --learning-rate and --seed on submit, and refuses bad values before sending', async () => {
    const submit = await aelab(['runs', 'submit', '--config', tiny, '--batch-size', '7', '--learning-rate', '0.003', '--seed', '11', '--json', '--server', url]);
    expect(submit.code, submit.stderr).toBe(0);
    const { id } = JSON.parse(submit.stdout) as { id: string };
    const show = await aelab(['runs', 'show', id, '--json', '--server', url]);
    expect(JSON.parse(show.stdout)).toMatchObject({ config: { seed: 11, training: { batchSize: 7, learningRate: 0.003, epochs: 2 } } });

    const negative = await aelab(['runs', 'submit', '--config', tiny, '--seed', '-1', '--json', '--server', url]);
    expect(negative.code).toBe(2);
    expect(JSON.parse(negative.stdout)).toEqual({ error: { code: 'INVALID_ARGUMENT', message: '--seed must be an integer in 0..4294967295, got "-1"' } });
    const rate = await aelab(['runs', 'submit', '--config', tiny, '--learning-rate', 'fast', '--server', url]);
    expect(rate.stderr.trim()).toBe('aelab: --learning-rate must be a number above 0, got "fast" [INVALID_ARGUMENT]');
    const help = await aelab(['runs', 'submit', '--help']);
    expect(help.stdout).toMatch(/--batch-size <n>/);
    expect(help.stdout).toMatch(/aelab presets/);
  });

  it('prints one JSON error object on stdout with --json when it fails', async () => {
    const unknown = await aelab(['runs', 'show', 'deadbeef-nope', '--json', '--server', url]);
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout)).toEqual({ error: { code: 'NOT_FOUND', message: 'no run deadbeef-nope' } });
    const usage = await aelab(['runs', 'list', '--no-such-flag', '--json', '--server', url]);
    expect(JSON.parse(usage.stdout)).toMatchObject({ error: { code: 'USAGE', message: expect.stringMatching(/unknown option '--no-such-flag'/) } });
  });

  it('cancels a running run', async () => {
    const submit = await aelab(['runs', 'submit', '--config', long, '--json', '--server', url]);
    const { id } = JSON.parse(submit.stdout) as { id: string };
    const cancel = await aelab(['runs', 'cancel', id, '--json', '--server', url]);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id, status: 'cancelled' });
  });

  it('reports mistakes in one line with a code', async () => {
    const unknown = await aelab(['runs', 'show', 'deadbeef-nope', '--server', url]);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr.trim()).toBe('aelab: no run deadbeef-nope [NOT_FOUND]');

    const invalid = await aelab(['runs', 'submit', '--config', bad, '--server', url]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/training\.epochs.*\[INVALID_CONFIG\]/);

    const preset = await aelab(['runs', 'submit', '--preset', 'no-such-preset', '--server', url]);
    expect(preset.stderr).toMatch(/unknown preset "no-such-preset".*\[UNKNOWN_PRESET\]/);

    const down = await aelab(['runs', 'list', '--server', 'http://127.0.0.1:9']);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot reach an aelab server at http:\/\/127\.0\.0\.1:9 .*\[SERVER_UNREACHABLE\]/);
  });

  it('serve refuses to bind beyond loopback without a token', async () => {
    const r = await aelab(['serve', '--host', '0.0.0.0', '--port', '0', '--state-dir', join(temp, 'other')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[TOKEN_REQUIRED\]/);
  });
});
