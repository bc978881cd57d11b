#!/usr/bin/env node
/*
 * The one `build-native` step for aelab's OpenBLAS addons, run from a package directory (its native/build-native.mjs
 * calls it). It checks for OpenBLAS first so a missing library is one clear line instead of a linker error, then
 * runs node-gyp on the package's native/ directory. Never run by `pnpm install`.
 *
 * tools/native is the only source of the build setup: before building, and on `--pack` (the packages' prepack),
 * this script copies openblas.gypi and itself into the package's native/ directory (gitignored there), so a
 * published package builds without the workspace: its native/build-native.mjs then finds this copy beside it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The names the copies have in a package's native/ directory (binding.gyp includes the first). */
const SHARED_FILES = { gypi: 'openblas.gypi', script: 'build-native.shared.mjs' };

function hasOpenBlas() {
  try {
    if (execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libopenblas.so ')) return true;
  } catch {
    // no ldconfig: fall through to pkg-config
  }
  return spawnSync('pkg-config', ['--exists', 'openblas']).status === 0;
}

/** Copies the shared files into `dir` unless this script already runs from there (a published package). */
function syncShared(dir) {
  const here = dirname(fileURLToPath(import.meta.url));
  if (resolve(here) === resolve(dir)) return;
  const copies = [
    [join(here, 'openblas.gypi'), join(dir, SHARED_FILES.gypi)],
    [fileURLToPath(import.meta.url), join(dir, SHARED_FILES.script)],
  ];
  for (const [from, to] of copies) {
    if (!existsSync(to) || !readFileSync(from).equals(readFileSync(to))) copyFileSync(from, to);
  }
}

const dir = join(process.cwd(), 'native');
if (!existsSync(join(dir, 'binding.gyp'))) {
  process.stderr.write(`build-native: no native/binding.gyp under ${process.cwd()}\n`);
  process.exit(2);
}
syncShared(dir);
if (process.argv.includes('--pack')) process.exit(0);
if (!hasOpenBlas()) {
  process.stderr.write('build-native: OpenBLAS not found (libopenblas.so); on Debian/Ubuntu: apt-get install libopenblas-dev\n');
  process.exit(1);
}
// npm and pnpm put their bundled node-gyp on PATH for the scripts they run.
const result = spawnSync('node-gyp', ['rebuild', '--directory', 'native'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
