// `aelab sweep` as a user runs it: a tiny local sweep in its thread pool, its mistakes, and one queued on a server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '@aelab/server/client';
import { nodeArgs, root, runCli } from './cli.js';

const aelab = (args: string[]) => runCli(args, { AELAB_TOKEN: '', AELAB_SERVER: '' });
const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-sweep-'));
let server: ChildProcess | undefined;

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((ok) => server!.once('exit', ok));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(temp, { recursive: true, force: true });
});

/** demo-2d, two first-layer widths × two seeds, one epoch each. */
const tiny = ['--preset', 'demo-2d', '--vary', 'model.layers.0.units=4,8', '--seeds', '2', '--epochs', '1', '--backend', 'cpu'];

interface SweepJson {
  dir: string;
  status: string;
  fields: string[];
  metrics: string[];
  rows: { key: string; values: Record<string, number>; counts: Record<string, number>; metrics: Record<string, { mean: number; std: number | null; n: number }> }[];
  runs: { key: string; point: number; seed: number; status: string; metrics: Record<string, number>; dir: string }[];
}

describe('aelab sweep (local)', () => {
  it('trains every point × seed in its pool and prints the table, mean ± std over the seeds', async () => {
    const out = join(temp, 'local');
    const res = await aelab(['sweep', ...tiny, '--out', out, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout) as SweepJson;
    expect(json).toMatchObject({ dir: out, status: 'succeeded', fields: ['model.layers.0.units'] });
    expect(json.metrics.slice(0, 2)).toEqual(['testLoss', 'testRmse']);
    expect(json.rows.map((r) => [r.key, r.values['model.layers.0.units'], r.counts.succeeded])).toEqual([
      ['p00', 4, 2],
      ['p01', 8, 2],
    ]);
    for (const row of json.rows) {
      const own = json.runs.filter((r) => r.point === json.rows.indexOf(row)).map((r) => r.metrics.testRmse!);
      expect(row.metrics.testRmse).toEqual({ mean: (own[0]! + own[1]!) / 2, std: expect.any(Number), n: 2 });
      // Two seeds train two different networks.
      expect(own[0]).not.toBe(own[1]);
    }
    expect(json.runs.map((r) => [r.key, r.seed, r.status])).toEqual([
      ['p00-s0', 0, 'succeeded'],
      ['p00-s1', 1, 'succeeded'],
      ['p01-s0', 0, 'succeeded'],
      ['p01-s1', 1, 'succeeded'],
    ]);
    // Progress goes to stderr, a line per finished run.
    expect(res.stderr).toMatch(/sweep: 2 points × 2 seeds = 4 runs/);
    expect(res.stderr.match(/^\[\d\/4\] p0\d-s\d \(model\.layers\.0\.units=\d, seed \d\) succeeded/gm)).toHaveLength(4);

    // The sweep directory: its definition, results, a report and a full run directory per run.
    const definition = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as { points: unknown[]; runs: unknown[] };
    expect([definition.points.length, definition.runs.length]).toEqual([2, 4]);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { status: string; table: { rows: unknown[] } };
    expect(results.status).toBe('succeeded');
    expect(results.table.rows).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ kind: 'sweep', status: 'succeeded' });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/^\| model\.layers\.0\.units \| testLoss \| testRmse \|/m);
    expect(report).toMatch(/^\| 4 \| \d\.\d+ ± \d\.\d+ \|/m);
    for (const r of json.runs) {
      const config = JSON.parse(readFileSync(join(out, r.dir, 'config.json'), 'utf8')) as { seed: number; model: { layers: { units: number }[] }; training: { epochs: number } };
      expect([config.seed, config.model.layers[0]!.units, config.training.epochs]).toEqual([r.seed, json.rows[r.point]!.values['model.layers.0.units'], 1]);
      expect(existsSync(join(out, r.dir, 'model', 'model.json'))).toBe(true);
    }
  }, 120_000);

  it('stops on Ctrl-C keeping what finished, and --resume runs only the rest', async () => {
    const out = join(temp, 'stopped');
    const child = spawn(process.execPath, [...nodeArgs, 'sweep', '--preset', 'demo-2d', '--vary', 'training.learningRate=0.05,0.0001', '--epochs', '300', '--backend', 'cpu', '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((ok) => child.once('exit', ok));
    await new Promise<void>((ok) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/^\[1\/2\] p00-s0 .* succeeded/m.test(stderr)) ok();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain(`Continue with: aelab sweep --resume ${out}`);
    const stopped = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { status: string; runs: { key: string; status: string; seconds: number }[] };
    expect(stopped.status).toBe('interrupted');
    expect(stopped.runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);

    const again = await aelab(['sweep', '--resume', out, '--json']);
    expect(again.code, again.stderr).toBe(0);
    const json = JSON.parse(again.stdout) as SweepJson & { runs: { seconds: number }[] };
    expect(json.status).toBe('succeeded');
    expect(json.runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // The finished run was kept as it was, not trained again.
    expect(json.runs[0]!.seconds).toBe(stopped.runs[0]!.seconds);
    expect(again.stderr).toMatch(/2 runs \(1 finished before\)/);
    expect((await aelab(['sweep', '--resume', out, '--seeds', '2'])).stderr).toBe('aelab: --resume continues a sweep with its own definition; drop --seeds [INVALID_ARGUMENT]\n');
  }, 120_000);

  it('names a bad path or value in one line before anything runs', async () => {
    const out = join(temp, 'never');
    const cases: [string[], string][] = [
      [['--vary', 'model.layers.5.units=4,8'], 'aelab: cannot vary model.layers.5.units: model.layers has 3 items (indices 0..2) [SWEEP_PATH]'],
      [['--vary', 'model.layers.0.units=4,0'], 'aelab: sweep point 2 of 2 (model.layers.0.units=0): invalid run config: model.layers[0].units: Too small: expected number to be >0 [INVALID_CONFIG]'],
      [['--vary', 'training.learnignRate=0.1'], 'aelab: sweep point 1 of 1 (training.learnignRate=0.1): invalid run config: training.learnignRate: unknown key — did you mean "learningRate"? [UNKNOWN_CONFIG_KEY]'],
      [['--vary', 'training.learningRate=log:1e-4..1e-1'], 'aelab: invalid sweep: vary[0].range: training.learningRate: a range is drawn from, so it needs random draws (--random K); list values for a grid [INVALID_CONFIG]'],
      [['--vary', 'training.learningRate'], 'aelab: --vary training.learningRate: expected PATH=V1,V2,... or PATH=A..B (e.g. training.learningRate=0.01,0.001) [INVALID_SWEEP]'],
      [[], 'aelab: name a field to vary: --vary PATH=V1,V2 (e.g. --vary training.learningRate=0.01,0.001) [INVALID_ARGUMENT]'],
    ];
    for (const [flags, line] of cases) {
      const res = await aelab(['sweep', '--preset', 'demo-2d', ...flags, '--out', out]);
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).toBe(`${line}\n`);
      expect(res.stdout).toBe('');
    }
    const json = await aelab(['sweep', '--preset', 'demo-2d', '--vary', 'model.layers.5.units=4', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'SWEEP_PATH', message: 'cannot vary model.layers.5.units: model.layers has 3 items (indices 0..2)' } });
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('aelab sweep --server', () => {
  it('queues the parent and every run before it returns, and prints {"id", "children"}', async () => {
    server = spawn(process.execPath, [...nodeArgs, 'serve', '--port', '0', '--state-dir', join(temp, 'state'), '--concurrency', '1'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AELAB_TOKEN: '' },
    });
    const url = await new Promise<string>((ok, fail) => {
      createInterface({ input: server!.stdout! }).once('line', (line) => {
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m) ok(m[1]!);
        else fail(new Error(`unexpected first line: ${line}`));
      });
      server!.once('exit', (code) => fail(new Error(`aelab serve exited with ${code}`)));
    });
    const local = await aelab(['sweep', ...tiny, '--out', join(temp, 'x'), '--server', url]);
    expect(local.stderr).toBe('aelab: --out is for sweeps trained here; a server uses its own workers [INVALID_ARGUMENT]\n');

    const res = await aelab(['sweep', ...tiny, '--name', 'widths', '--server', url]);
    expect(res.code, res.stderr).toBe(0);
    const created = JSON.parse(res.stdout) as { id: string; children: number };
    expect(created.children).toBe(4);
    const client = createClient(url);
    const children = await client.runs.list.query({ parent: created.id });
    expect(children.items.map((r) => r.jobKey)).toEqual(['p00-s0', 'p00-s1', 'p01-s0', 'p01-s1']);

    // `runs show` of a sweep prints its table once its runs are done.
    const deadline = Date.now() + 90_000;
    while ((await client.runs.get.query({ id: created.id })).status !== 'succeeded' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const show = await aelab(['runs', 'show', created.id, '--server', url]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^sweep {5}2 points × 2 seeds over model\.layers\.0\.units \(dense on gaussian\)$/m);
    expect(show.stdout).toMatch(/^runs {6}4: 4 succeeded/m);
    expect(show.stdout).toMatch(/^\| 8 \| \d\.\d+ ± \d\.\d+ \|.* \| 2\/2 \|$/m);
  }, 120_000);
});
