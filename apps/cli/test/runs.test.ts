// `aelab serve` and `aelab runs ...`, run as a user runs them: child processes from the repository root.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@aelab/server/client';
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
/** A DDAE recipe small enough for seconds: three jobs (ELM over 2 seeds, KELM, DDAE) on embedded MNIST digits. */
const recipe = (epochs: number) => ({ stacks: { mnist: { units: [32, 16], epochs: [epochs, epochs] } }, elm: { hidden: [50], seeds: 2 }, kelm: { C: [10], sigmaScales: [0.7] } });
const tinyRecipe = join(temp, 'ddae-tiny.json');
const longRecipe = join(temp, 'ddae-long.json');
writeFileSync(tinyRecipe, JSON.stringify(recipe(1)));
writeFileSync(longRecipe, JSON.stringify(recipe(40)));
const ddaeFlags = (file: string) => ['--experiment', 'ddae', '--quick', '--limit-train', '300', '--limit-test', '100', '--models', 'ELM,KELM,DDAE', '--config', file];

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

  it('submits an experiment, follows it, shows its jobs and results table, lists its child runs and artifacts', async () => {
    const submit = await aelab(['runs', 'submit', ...ddaeFlags(tinyRecipe), '--name', 'tiny', '--json', '--server', url]);
    expect(submit.code, submit.stderr).toBe(0);
    const { id } = JSON.parse(submit.stdout) as { id: string };

    const logs = await aelab(['runs', 'logs', id, '--server', url]);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/plan: 3 jobs/);
    expect(logs.stdout).toMatch(/job 3\/3 mnist DDAE seed 0: started/);
    expect(logs.stdout).toMatch(/job mnist KELM seed 0: succeeded in [\d.]+ s\s+testAccuracy 0\.\d+/);
    expect(logs.stdout).toMatch(/status succeeded/);

    const show = await aelab(['runs', 'show', id, '--server', url]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/experiment ddae on mnist/);
    expect(show.stdout).toMatch(/jobs\s+3 planned: 3 succeeded/);
    expect(show.stdout).toMatch(/^\| (Model|model|Row|row) \|/m);
    expect(show.stdout).toMatch(/^\| DDAE \|/m);

    const children = JSON.parse((await aelab(['runs', 'list', '--parent', id, '--json', '--server', url])).stdout) as { items: { id: string; jobKey: string; status: string; metrics: Record<string, number> }[] };
    expect(children.items.map((c) => [c.jobKey, c.status])).toEqual([
      ['mnist-ELM', 'succeeded'],
      ['mnist-KELM-seed0', 'succeeded'],
      ['mnist-DDAE-seed0', 'succeeded'],
    ]);
    expect(children.items[1]!.metrics.testAccuracy).toBeGreaterThan(0.3);
    const top = JSON.parse((await aelab(['runs', 'list', '--json', '--server', url])).stdout) as { items: { id: string }[] };
    expect(top.items.map((r) => r.id)).toContain(id);
    expect(top.items.map((r) => r.id)).not.toContain(children.items[0]!.id);

    const files = JSON.parse((await aelab(['runs', 'artifacts', id, '--json', '--server', url])).stdout) as { path: string; url: string }[];
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['report.html', 'report.md', 'results.json', 'run.json']));
    const html = await fetch(files.find((f) => f.path === 'report.html')!.url);
    expect(await html.text()).toMatch(/<html/i);
    const jobFiles = await aelab(['runs', 'artifacts', children.items[2]!.id, '--server', url]);
    expect(jobFiles.stdout).toMatch(/figures\/mnist-DDAE-weights\.png\s+figure/);
  });

  it('cancels a running experiment with its job and resumes it, keeping the finished jobs', async () => {
    const { id } = JSON.parse((await aelab(['runs', 'submit', ...ddaeFlags(longRecipe), '--json', '--server', url])).stdout) as { id: string };
    type Child = { id: string; jobKey: string; status: string };
    const children = async () => (JSON.parse((await aelab(['runs', 'list', '--parent', id, '--json', '--server', url])).stdout) as { items: Child[] }).items;
    // Watched with the typed client: a CLI process per poll is too slow to catch the DDAE job while it trains.
    const client = createClient(url);
    const deadline = Date.now() + 60_000;
    let before: Child[] = [];
    while (!before.some((c) => c.jobKey === 'mnist-DDAE-seed0' && c.status === 'running') && Date.now() < deadline) {
      before = (await client.runs.list.query({ parent: id })).items.map((c) => ({ id: c.id, jobKey: c.jobKey!, status: c.status }));
      await new Promise((r) => setTimeout(r, 50));
    }
    const cancel = await aelab(['runs', 'cancel', id, '--json', '--server', url]);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id, status: 'cancelled' });
    expect((await children()).map((c) => c.status)).toEqual(['succeeded', 'succeeded', 'cancelled']);

    const resume = await aelab(['runs', 'resume', id, '--server', url]);
    // Queued, and started at once when a worker is free.
    expect(resume.stdout.trim()).toMatch(new RegExp(`^${id} (queued|running)$`));
    await aelab(['runs', 'logs', id, '--server', url]);
    const after = await children();
    expect(after.map((c) => [c.id, c.status])).toEqual(before.map((c) => [c.id, 'succeeded']));
    const show = JSON.parse((await aelab(['runs', 'show', id, '--json', '--server', url])).stdout) as { status: string; attempt: number };
    expect(show).toMatchObject({ status: 'succeeded', attempt: 2 });
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

    const model = await aelab(['runs', 'submit', '--experiment', 'ddae', '--models', 'ELM,FOO', '--server', url]);
    expect(model.code).toBe(2);
    expect(model.stderr.trim()).toBe('aelab: unknown model "FOO" (use ELM, RELM, KELM, AE, SAE, DAE, DDAE, DDAE+, DDAE+U) [INVALID_OPTIONS]');
    const limit = await aelab(['runs', 'submit', '--experiment', 'ddae', '--limit-train', '0', '--server', url]);
    expect(limit.code).toBe(1);
    expect(limit.stderr).toMatch(/--limit-train.*positive whole number/);
    const stray = await aelab(['runs', 'submit', '--config', tiny, '--quick', '--server', url]);
    expect(stray.stderr.trim()).toBe('aelab: --quick is an experiment flag; add --experiment ddae [INVALID_ARGUMENT]');

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
