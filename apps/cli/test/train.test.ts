// `aelab train`, `aelab summary` and `aelab presets`, run as a user runs them: child processes from the repo root.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeArgs as cli, root, runCli as aelab } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'aelab-cli-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


const tiny = {
  name: 'cli-tiny',
  seed: 3,
  backend: 'cpu',
  data: { name: 'gaussian', k: 3, d: 6, pointsPerCluster: 30 },
  model: { type: 'dense', layers: [{ units: 4 }, { units: 2 }, { units: 4 }] },
  training: { epochs: 3, batchSize: 16, learningRate: 0.05 },
};

describe('aelab train', () => {
  it('trains from a config file into a run directory and prints the outcome', async () => {
    const file = join(tmp, 'run.json');
    writeFileSync(file, JSON.stringify(tiny));
    const out = join(tmp, 'run-a');
    const r = await aelab(['train', '--config', file, '--out', out, '--epochs', '2', '--json']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ status: 'succeeded', epochs: 2, backend: 'cpu' });
    expect(result.files).toEqual(expect.arrayContaining(['config.json', 'metrics.jsonl', 'metrics.csv', 'model/model.json', 'images/codes.png']));
    expect(JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')).training.epochs).toBe(2);
    expect(r.stderr).toMatch(/epoch 2\/2 loss/);
  });

  it('refuses an --out that is a file, and a negative seed, in one line (one JSON error with --json)', async () => {
    const file = join(tmp, 'run.json');
    writeFileSync(file, JSON.stringify(tiny));
    const taken = join(tmp, 'taken.txt');
    writeFileSync(taken, 'not a folder');
    const r = await aelab(['train', '--config', file, '--out', taken]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr.trim()).toBe(`aelab: --out ${taken} is a file, not a folder; name a new folder for the run [OUT_NOT_A_DIRECTORY]`);
    expect(readFileSync(taken, 'utf8')).toBe('not a folder');
    const json = await aelab(['train', '--config', file, '--out', taken, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'OUT_NOT_A_DIRECTORY', message: `--out ${taken} is a file, not a folder; name a new folder for the run` } });

    const seed = await aelab(['train', '--config', file, '--seed', '-3', '--out', join(tmp, 'neg')]);
    expect(seed.code).not.toBe(0);
    expect(seed.stderr).toMatch(/--seed.*expected a whole number from 0 to 4294967295/);
    expect(existsSync(join(tmp, 'neg'))).toBe(false);
  });

  it('rejects a bad config with the zod path, in one line, exit 2', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...tiny, training: { optimizer: { type: 'adam', beta1: 1.5 } } }));
    const r = await aelab(['train', '--config', file, '--out', join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('aelab: invalid run config: training.optimizer.beta1: Too big: expected number to be <1 [INVALID_CONFIG]');
    expect(existsSync(join(tmp, 'never'))).toBe(false);
    const flag = await aelab(['train', '--preset', 'demo-2d', '--backend', 'abacus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^aelab: invalid run config: backend: Invalid option/);
    const unknown = await aelab(['train', '--preset', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown preset "nope".*\[UNKNOWN_PRESET\]/);
  });

  it('rejects a misspelled key at its path with a did-you-mean instead of training with the default, exit 2', async () => {
    const file = join(tmp, 'typo.json');
    writeFileSync(file, JSON.stringify({ ...tiny, training: { epochs: 1, learningrate: 0.5 } }));
    const r = await aelab(['train', '--config', file, '--out', join(tmp, 'typo-run')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('aelab: invalid run config: training.learningrate: unknown key — did you mean "learningRate"? [UNKNOWN_CONFIG_KEY]');
    expect(existsSync(join(tmp, 'typo-run'))).toBe(false);
  });

  it('stops cleanly on Ctrl-C with a checkpoint, and --resume finishes the run', async () => {
    const file = join(tmp, 'long.json');
    writeFileSync(file, JSON.stringify({ ...tiny, training: { ...tiny.training, epochs: 400 } }));
    const out = join(tmp, 'run-b');
    const child = spawn(process.execPath, [...cli, 'train', '--config', file, '--out', out], { cwd: root });
    let stderr = '';
    const code = await new Promise<number | null>((done) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/epoch 2\//.test(stderr) && !child.killed) child.kill('SIGINT');
      });
      child.on('exit', (c) => done(c));
    });
    expect(code).toBe(130);
    expect(stderr).toMatch(/aelab train --resume/);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')).status).toBe('interrupted');
    expect(existsSync(join(out, 'checkpoint', 'state.json'))).toBe(true);
    const r = await aelab(['train', '--resume', out, '--epochs', '6', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded', epochs: 6 });
    expect(r.stderr).toMatch(/resuming/);
  });
});

describe('aelab summary', () => {
  it('--json gives the cifar-conv table with 1,495 parameters', async () => {
    const r = await aelab(['summary', '--preset', 'cifar-conv', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.totalParams).toBe(1495);
    expect(s.layers.map((l: { params: number }) => l.params)).toEqual([448, 0, 580, 0, 272, 195]);
  });

  it('prints a table for a config file', async () => {
    const file = join(tmp, 'sum.json');
    writeFileSync(file, JSON.stringify(tiny));
    const r = await aelab(['summary', '--config', file]);
    expect(r.code).toBe(0);
    // torchsummary's form at the config's batch size (16): Linear rows with their activations as rows of their own.
    expect(r.stdout).toMatch(/\s+Linear-3\s+\[16, 2\]\s+10\n\s+Sigmoid-4\s+\[16, 2\]\s+0\n/);
    expect(r.stdout).toMatch(/Total params: 80\n/);
  });

  it("prints the CIFAR-10 document's table and size lines for cifar-conv at batch 128", async () => {
    const r = await aelab(['summary', '--preset', 'cifar-conv', '--batch-size', '128']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\s+Conv2d-1\s+\[128, 16, 32, 32\]\s+448\n\s+ReLU-2\s+\[128, 16, 32, 32\]\s+0\n/);
    expect(r.stdout).toMatch(/\s+Sigmoid-10\s+\[128, 3, 32, 32\]\s+0\n/);
    for (const line of ['Input size (MB): 1.50', 'Forward/backward pass size (MB): 52.25', 'Params size (MB): 0.01', 'Estimated Total Size (MB): 53.76']) expect(r.stdout).toContain(`${line}\n`);
    const json = JSON.parse((await aelab(['summary', '--preset', 'cifar-conv', '--batch-size', '128', '--json'])).stdout) as Record<string, number>;
    expect(json.inputSizeMB!.toFixed(2)).toBe('1.50');
    expect(json.forwardBackwardSizeMB!.toFixed(2)).toBe('52.25');
    expect(json.paramsSizeMB!.toFixed(2)).toBe('0.01');
    expect(json.totalSizeMB!.toFixed(2)).toBe('53.76');
  });
});

describe('aelab presets', () => {
  it('lists the presets and prints one config that trains as --config', async () => {
    const list = await aelab(['presets', '--json']);
    expect(list.code).toBe(0);
    const names = (JSON.parse(list.stdout) as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['ddae-mnist', 'ddae-usps', 'demo-2d', 'lab-under-128', 'lab-over-1024', 'cifar-conv']));
    const one = await aelab(['presets', 'demo-2d']);
    expect(one.code).toBe(0);
    const config = JSON.parse(one.stdout);
    expect(config.model.layers[1].units).toBe(2);
    expect(one.stderr).toMatch(/^demo-2d: /);
    const text = await aelab(['presets']);
    expect(text.stdout).toMatch(/^ddae-mnist\s+DDAE on MNIST/m);
  });
});
