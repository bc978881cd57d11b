// `aelab web`: the run service with the web app's build on the same origin. The real build takes half a minute,
// so the server tests hand it a small prebuilt folder (--web-dir); the staleness rule is tested on its own.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsStale, webAppRoot, webSources } from '../src/commands/web.js';
import { nodeArgs, root, runCli } from './cli.js';

const temp = mkdtempSync(join(tmpdir(), 'aelab-cli-web-'));

afterAll(() => rmSync(temp, { recursive: true, force: true }));

const aelab = (args: string[]) => runCli(args, { AELAB_TOKEN: '' });

function fakeBuild(name: string): string {
  const dist = join(temp, name);
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>fake aelab build</title>');
  writeFileSync(join(dist, 'assets', 'app-1.js'), 'export {}');
  return dist;
}

describe('buildIsStale', () => {
  it('is stale without a build, fresh after it, and stale again when a source changes', () => {
    const src = join(temp, 'src');
    mkdirSync(join(src, 'deep'), { recursive: true });
    writeFileSync(join(src, 'deep', 'a.ts'), 'x');
    const dist = join(temp, 'stale-dist');
    expect(buildIsStale(dist, [src])).toBe(true);
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(src, 'deep', 'a.ts'), past, past);
    utimesSync(join(src, 'deep'), past, past);
    utimesSync(src, past, past);
    expect(buildIsStale(dist, [src, join(temp, 'not-there')])).toBe(false);
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(src, 'deep', 'a.ts'), future, future);
    expect(buildIsStale(dist, [src])).toBe(true);
  });

  it("watches the web app's sources and the packages it bundles", () => {
    const sources = webSources(webAppRoot());
    expect(sources).toContain(join(root, 'apps', 'web', 'src'));
    expect(sources).toContain(join(root, 'packages', 'core', 'src'));
  });
});

describe('aelab web', () => {
  it('documents its options', async () => {
    const r = await aelab(['web', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--port', '--host', '--state-dir', '--open', '--token', '--web-dir', '--rebuild']) expect(r.stdout).toContain(o);
  });

  it('serves a build and the API on one origin; the first stdout line is "listening on URL"', async () => {
    const dist = fakeBuild('dist');
    const child = spawn(process.execPath, [...nodeArgs, 'web', '--port', '0', '--state-dir', join(temp, 'state'), '--web-dir', dist], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, AELAB_TOKEN: '' },
    });
    const exited = new Promise((ok) => child.once('exit', ok));
    try {
      const url = await new Promise<string>((ok, fail) => {
        createInterface({ input: child.stdout! }).once('line', (line) => {
          const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
          if (m) ok(m[1]!);
          else fail(new Error(`unexpected first line: ${line}`));
        });
        child.once('exit', (code) => fail(new Error(`aelab web exited with ${code}`)));
      });
      const page = await fetch(`${url}/runs/abc`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('fake aelab build');
      expect((await fetch(`${url}/assets/app-1.js`)).headers.get('cache-control')).toContain('immutable');
      const list = (await (await fetch(`${url}/trpc/runs.list`)).json()) as { result: { data: { total: number } } };
      expect(list.result.data.total).toBe(0);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('says so in one line when --web-dir holds no build', async () => {
    const empty = join(temp, 'empty');
    mkdirSync(empty);
    const r = await aelab(['web', '--port', '0', '--state-dir', join(temp, 'state2'), '--web-dir', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no web build.*\[WEB_DIR\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
