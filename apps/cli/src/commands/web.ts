import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { CliError } from '../errors.js';
import { info } from '../output.js';
import { addServerOptions, runServerProcess, type ServerProcessOptions, serverArgs } from '../server-process.js';

interface WebOptions extends ServerProcessOptions {
  token?: string;
  webDir?: string;
  rebuild?: boolean;
  open?: boolean;
}

/** The web app's folder in this checkout (apps never import each other; the CLI only builds and points at it). */
export function webAppRoot(): string {
  return fileURLToPath(new URL('../../../web/', import.meta.url));
}

/** What a build of the web app is made from: its own files and the workspace packages it bundles. */
export function webSources(root: string): string[] {
  const repo = join(root, '..', '..');
  return [
    join(root, 'src'),
    join(root, 'index.html'),
    join(root, 'vite.config.ts'),
    join(root, 'svelte.config.js'),
    join(root, 'package.json'),
    join(repo, 'packages', 'core', 'src'),
    join(repo, 'packages', 'datasets', 'src'),
  ];
}

function newestMtime(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

/** A build is stale when it is missing or any source changed after its index.html was written. */
export function buildIsStale(distDir: string, sources: string[]): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return sources.some((s) => newestMtime(s) > built);
}

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Vite's report goes to stderr: stdout carries only the `listening on` line.
    const child = spawn(command, args, { cwd, stdio: ['ignore', process.stderr, 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function buildWebApp(root: string): Promise<void> {
  const vitePackage = createRequire(join(root, 'package.json')).resolve('vite/package.json');
  const viteBin = join(vitePackage, '..', 'bin', 'vite.js');
  info('aelab: building the web app (vite build)...');
  const code = await run(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], root);
  if (code !== 0) throw new CliError('WEB_BUILD_FAILED', `the web app's build failed (exit ${code}); run pnpm --filter @aelab/web build to see why`);
}

function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.once('error', () => info(`aelab: could not open a browser; visit ${url}`));
  child.unref();
}

/**
 * `aelab web`: the run service with the web app on the same origin. Builds apps/web when its build is missing or
 * older than its sources, then starts the server (as `aelab serve` does, a child process of `@aelab/server/main`)
 * with `--web-dir`. The first stdout line is the server's `listening on URL`.
 */
export function register(program: Command): void {
  addServerOptions(
    program
      .command('web')
      .description('start the run service with the web app (runs, comparisons, playground) on one origin; builds the app if needed'),
  )
    .addOption(new Option('--token <token>', 'bearer token required on every API call (the page asks for it)').env('AELAB_TOKEN'))
    .option('--concurrency <n>', 'runs that train at the same time')
    .option('--web-dir <dir>', 'serve this build of the web app instead of building apps/web/dist')
    .option('--rebuild', 'build the web app even if its build looks up to date')
    .option('--open', 'open the app in a browser once the server is ready')
    .action(async (opts: WebOptions) => {
      let webDir = opts.webDir;
      if (!webDir) {
        const root = webAppRoot();
        if (!existsSync(join(root, 'package.json'))) {
          throw new CliError('WEB_APP_MISSING', `the web app's sources are not at ${root}; pass --web-dir with a build of it`);
        }
        webDir = join(root, 'dist');
        if (opts.rebuild || buildIsStale(webDir, webSources(root))) await buildWebApp(root);
        else info(`aelab: the web app's build in ${webDir} is up to date`);
      }
      const args = [...serverArgs(opts), '--web-dir', webDir];
      process.exitCode = await runServer(args, opts.token, opts.open === true);
    });
}

async function runServer(args: string[], token: string | undefined, open: boolean): Promise<number> {
  let first = true;
  return runServerProcess(args, token, (line) => {
    if (!first) return;
    first = false;
    const m = /^listening on (\S+)$/.exec(line);
    if (m && open) openBrowser(`${m[1]!.replace('//0.0.0.0:', '//127.0.0.1:')}/runs`);
    if (m && token) info('aelab: the page asks for the token once (or open it with #token=<token> at the end of the URL)');
  });
}
