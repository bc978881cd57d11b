// The OpenBLAS addons build from what their packages publish, without the workspace's tools/native.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = join(root, 'tools', 'native');
const packages = [
  { name: 'core', addon: 'blas_native.node' },
  { name: 'kelm', addon: 'kelm_native.node' },
];
const scratch = mkdtempSync(join(tmpdir(), 'aelab-packed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What `pnpm pack` would ship: prepack run, then the package.json `files` entries under native/ (and package.json). */
function packed(name: string): string {
  const dir = join(root, 'packages', name);
  execFileSync(process.execPath, ['native/build-native.mjs', '--pack'], { cwd: dir });
  const files = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { files: string[] }).files.filter((f) => f.startsWith('native/'));
  const out = join(scratch, name);
  for (const f of [...files, 'package.json']) cpSync(join(dir, f), join(out, f));
  return out;
}

const hasOpenBlas = () => spawnSync('sh', ['-c', 'ldconfig -p | grep -q "libopenblas.so " || pkg-config --exists openblas']).status === 0;
const hasNodeGyp = () => spawnSync('node-gyp', ['--version']).status === 0;

describe('the published native build', () => {
  for (const { name, addon } of packages) {
    it(`${name} ships the shared build setup, identical to tools/native's`, () => {
      const dir = packed(name);
      const gyp = readFileSync(join(dir, 'native', 'binding.gyp'), 'utf8');
      expect(gyp).toContain('"includes": ["openblas.gypi"]');
      expect(gyp).not.toContain('..');
      expect(readFileSync(join(dir, 'native', 'openblas.gypi'))).toEqual(readFileSync(join(shared, 'openblas.gypi')));
      expect(readFileSync(join(dir, 'native', 'build-native.shared.mjs'))).toEqual(readFileSync(join(shared, 'build-native.mjs')));
    });

    // pnpm and npm put node-gyp on PATH for the scripts they run (CI runs the tests through pnpm).
    it.skipIf(!hasOpenBlas() || !hasNodeGyp())(`${name}'s addon builds from the packed files alone`, () => {
      const dir = packed(name);
      const r = spawnSync(process.execPath, ['native/build-native.mjs'], { cwd: dir, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(join(dir, 'native', 'build', 'Release', addon))).toBe(true);
    }, 120_000);
  }
});
