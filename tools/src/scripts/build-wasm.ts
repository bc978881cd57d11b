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

/**
 * Each kernel: its source and the module that embeds the assembled bytes. `sharedName`: the module imports
 * tfjs-backend-wasm's memory (`(import "env" "memory" (memory 1))`) and is also assembled for the pthreads build,
 * whose memory is shared and must be imported as such, under that name.
 */
export const KERNELS: { wat: string; ts: string; name: string; sharedName?: string }[] = [
  { wat: 'packages/kelm/src/linalg/symv.wat', ts: 'packages/kelm/src/linalg/symv-wasm.ts', name: 'SYMV_WASM' },
  { wat: 'packages/kelm/src/gaussian.wat', ts: 'packages/kelm/src/gaussian-wasm.ts', name: 'GAUSSIAN_WASM' },
  { wat: 'packages/core/src/backend/wasm/simd/conv.wat', ts: 'packages/core/src/backend/wasm/simd/conv-wasm.ts', name: 'CONV_WASM', sharedName: 'CONV_WASM_SHARED' },
  { wat: 'packages/core/src/backend/wasm/simd/rows.wat', ts: 'packages/core/src/backend/wasm/simd/rows-wasm.ts', name: 'ROWS_WASM', sharedName: 'ROWS_WASM_SHARED' },
  { wat: 'packages/core/src/backend/wasm/simd/bce.wat', ts: 'packages/core/src/backend/wasm/simd/bce-wasm.ts', name: 'BCE_WASM', sharedName: 'BCE_WASM_SHARED' },
];

const IMPORTED_MEMORY = '(import "env" "memory" (memory 1))';

/** The source of the shared-memory variant: the same import, declared shared (with the maximum a shared memory needs). */
export function sharedVariant(wat: string, watPath: string): string {
  if (!wat.includes(IMPORTED_MEMORY)) throw new Error(`${watPath} must import its memory as ${IMPORTED_MEMORY}`);
  return wat.replace(IMPORTED_MEMORY, '(import "env" "memory" (memory 1 65536 shared))');
}

export async function assemble(watPath: string, shared = false): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const text = readFileSync(watPath, 'utf8');
  const features = { simd: true, threads: shared };
  const parsed = wabt.parseWat(watPath, shared ? sharedVariant(text, watPath) : text, features);
  // wabt's typings leave out validate's features argument, which index.js takes (shared memories need `threads`).
  const validate = parsed.validate.bind(parsed) as (options: typeof features) => void;
  try {
    validate(features);
    return parsed.toBinary({ log: false }).buffer;
  } finally {
    parsed.destroy();
  }
}

function constant(name: string, bytes: Uint8Array): string[] {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [`export const ${name} =`, lines.map((l) => `  '${l}'`).join(' +\n') + ';'];
}

export function embed(name: string, wat: string, bytes: Uint8Array, shared?: { name: string; bytes: Uint8Array }): string {
  return [
    `// Generated from ${wat.split('/').pop()} by tools/src/scripts/build-wasm.ts; edit the .wat and regenerate.`,
    ...constant(name, bytes),
    ...(shared ? ['', '/** The same module importing a shared memory (tfjs-backend-wasm\'s pthreads build). */', ...constant(shared.name, shared.bytes)] : []),
    '',
  ].join('\n');
}

export async function generated(): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  for (const k of KERNELS) {
    const wat = resolve(repo, k.wat);
    const shared = k.sharedName ? { name: k.sharedName, bytes: await assemble(wat, true) } : undefined;
    out.push({ path: resolve(repo, k.ts), text: embed(k.name, k.wat, await assemble(wat), shared) });
  }
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
