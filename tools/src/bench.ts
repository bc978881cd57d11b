/**
 * `pnpm bench <name> [options]`: runs tools/src/bench/<name>.ts, whose default export takes the remaining argv.
 * Each benchmark prints a table (or, with --json, only its JSON rows) and writes JSON to bench-results/.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(join(here, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || !available.includes(name)) {
  const stream = name && name !== '--help' && name !== '-h' ? process.stderr : process.stdout;
  if (name && name !== '--help' && name !== '-h') stream.write(`bench: unknown benchmark "${name}"\n`);
  stream.write(`usage: pnpm bench <name> [options]   (each takes --help)\nbenchmarks: ${available.join(', ')}\n`);
  process.exitCode = name && name !== '--help' && name !== '-h' ? 2 : 0;
} else {
  const mod = (await import(`./bench/${name}.ts`)) as { default: (argv: string[]) => Promise<void> };
  await mod.default(rest);
}
