/**
 * `pnpm --filter @aelab/tools build-wasm [--check]`: assembles the hand-written WASM kernels (`*.wat`) into the
 * TypeScript modules that embed them, so the packages need no assembler at install or run time. With --check it
 * only reports whether the committed modules match their sources (the tools tests run it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Each kernel: its source and the module that embeds the assembled bytes. */
export const KERNELS = [
  { wat: 'packages/kelm/src/linalg/symv.wat', ts: 'packages/kelm/src/linalg/symv-wasm.ts', name: 'SYMV_WASM' },
  { wat: 'packages/kelm/src/gaussian.wat', ts: 'packages/kelm/src/gaussian-wasm.ts', name: 'GAUSSIAN_WASM' },
];

export async function assemble(watPath: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat(watPath, readFileSync(watPath, 'utf8'), { simd: true });
  try {
    parsed.validate();
    return parsed.toBinary({ log: false }).buffer;
  } finally {
    parsed.destroy();
  }
}

export function embed(name: string, wat: string, bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    `// Generated from ${wat.split('/').pop()} by tools/src/scripts/build-wasm.ts; edit the .wat and regenerate.`,
    `export const ${name} =`,
    lines.map((l) => `  '${l}'`).join(' +\n') + ';',
    '',
  ].join('\n');
}

export async function generated(): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const k of KERNELS) out.push({ path: resolve(repo, k.ts), text: embed(k.name, k.wat, await assemble(resolve(repo, k.wat))) });
  return out;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const { path, text } of await generated()) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // Missing counts as stale.
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`stale: ${path}`);
    else {
      writeFileSync(path, text);
      console.log(`wrote ${path}`);
    }
  }
  if (check && stale > 0) process.exit(1);
  if (stale === 0) console.log('WASM kernels up to date');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
