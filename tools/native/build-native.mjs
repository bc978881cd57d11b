#!/usr/bin/env node
/*
 * `node ../../tools/native/build-native.mjs` from a package: the one `build-native` step for aelab's OpenBLAS
 * addons (package.json "build-native"). It checks for OpenBLAS first so a missing library is one clear line instead
 * of a linker error, then runs node-gyp on the package's native/ directory. Never run by `pnpm install`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function hasOpenBlas() {
  try {
    if (execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libopenblas.so ')) return true;
  } catch {
    // no ldconfig: fall through to pkg-config
  }
  return spawnSync('pkg-config', ['--exists', 'openblas']).status === 0;
}

const dir = join(process.cwd(), 'native');
if (!existsSync(join(dir, 'binding.gyp'))) {
  process.stderr.write(`build-native: no native/binding.gyp under ${process.cwd()}\n`);
  process.exit(2);
}
if (!hasOpenBlas()) {
  process.stderr.write('build-native: OpenBLAS not found (libopenblas.so); on Debian/Ubuntu: apt-get install libopenblas-dev\n');
  process.exit(1);
}
// pnpm puts its bundled node-gyp on PATH for the scripts it runs.
const result = spawnSync('node-gyp', ['rebuild', '--directory', 'native'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
