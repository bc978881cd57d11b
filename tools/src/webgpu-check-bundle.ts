/**
 * Builds tools/dist/webgpu-check/: webgpu-check.ts and the ae and kelm benchmarks (`bench.mjs ae|kelm ...`)
 * bundled into ES modules, the tfjs-backend-wasm binaries and the `webgpu` package's native Dawn build for this
 * platform — about 30 MB that run with plain `node` on a machine without the workspace installed (e.g. a GPU
 * machine that gets a copy of the tree).
 *
 *   node --import tsx tools/src/webgpu-check-bundle.ts
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../dist/webgpu-check');
// esbuild comes with vite (a workspace dev dependency); borrow it rather than add one.
const rootRequire = createRequire(resolve(here, '../../package.json'));
const esbuild = createRequire(rootRequire.resolve('vite')).resolve('esbuild');
const { build } = (await import(esbuild)) as { build: (options: Record<string, unknown>) => Promise<unknown> };
const coreRequire = createRequire(resolve(here, '../../packages/core/package.json'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

/** bench.ts picks its module by name at run time, which a bundler cannot follow: name them statically. */
const benchEntry = `
import ae from './bench/ae.ts';
import kelm from './bench/kelm.ts';
const benches = { ae, kelm };
const [name, ...rest] = process.argv.slice(2);
const run = benches[name];
if (!run) {
  process.stderr.write('usage: node bench.mjs <' + Object.keys(benches).join('|') + '> [options]\\n');
  process.exitCode = 2;
} else await run(rest);
`;

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  // The optional native package stays a runtime import, resolved from the bundle's node_modules/.
  external: ['webgpu'],
  // CommonJS dependencies (tf.js builds, emscripten) expect require, __filename and __dirname.
  banner: {
    js: [
      "import { createRequire as __aelabCreateRequire } from 'node:module';",
      "import { fileURLToPath as __aelabFileURLToPath } from 'node:url';",
      "import { dirname as __aelabDirname } from 'node:path';",
      'const require = __aelabCreateRequire(import.meta.url);',
      'const __filename = __aelabFileURLToPath(import.meta.url);',
      'const __dirname = __aelabDirname(__filename);',
    ].join('\n'),
  },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: [join(here, 'webgpu-check.ts')], outfile: join(out, 'webgpu-check.mjs') });
await build({ ...common, stdin: { contents: benchEntry, resolveDir: here, sourcefile: 'bench-entry.ts', loader: 'ts' }, outfile: join(out, 'bench.mjs') });

// tf.js looks for the .wasm files next to its script, which is now the bundle.
const wasmDist = dirname(coreRequire.resolve('@tensorflow/tfjs-backend-wasm'));
const binaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
for (const file of binaries) cpSync(join(wasmDist, file), join(out, file));

// The pthreads build (several XNNPACK threads) loads its worker glue from disk: @aelab/core's selectBackend finds
// it through the package's location, so the bundle carries the few files of tfjs-backend-wasm that it reads.
const wasmPackage = dirname(wasmDist);
const wasmTarget = join(out, 'node_modules', '@tensorflow', 'tfjs-backend-wasm');
const mainFile = (JSON.parse(readFileSync(join(wasmPackage, 'package.json'), 'utf8')) as { main: string }).main;
for (const file of ['package.json', mainFile, ...binaries.map((b) => `dist/${b}`), 'wasm-out/tfjs-backend-wasm-threaded-simd.js', 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js']) {
  mkdirSync(dirname(join(wasmTarget, file)), { recursive: true });
  cpSync(join(wasmPackage, file), join(wasmTarget, file));
}

// Only this platform's Dawn build of the `webgpu` package (the package holds every platform's, 111 MB).
const webgpuDir = dirname(coreRequire.resolve('webgpu/package.json'));
const platformDir = `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`;
const target = join(out, 'node_modules', 'webgpu');
mkdirSync(join(target, 'dist'), { recursive: true });
for (const file of ['package.json', 'index.js', 'LICENSE.md']) if (existsSync(join(webgpuDir, file))) cpSync(join(webgpuDir, file), join(target, file));
cpSync(join(webgpuDir, 'dist', platformDir), join(target, 'dist', platformDir), { recursive: true });

process.stdout.write(`wrote ${out}\n  run: node ${join(out, 'webgpu-check.mjs')} [--backend webgpu] [--steps 5] [--samples 6000]\n       node ${join(out, 'bench.mjs')} ae|kelm [--backend webgpu] ...\n`);
