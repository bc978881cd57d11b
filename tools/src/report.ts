import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type Row = Record<string, string | number | boolean | null>;

/** Writes rows to bench-results/<name>-<timestamp>.json and returns the path. */
export function writeResults(name: string, rows: Row[], extra: Record<string, unknown> = {}): string {
  const dir = join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ name, date: new Date().toISOString(), ...extra, rows }, null, 2)}\n`);
  return file;
}

/** A plain aligned text table for people. */
export function formatTable(rows: Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]!);
  const cell = (v: Row[string]) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : String(v ?? ''));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c] ?? null).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c] ?? null))))].join('\n');
}

/** Prints rows as a table (stdout) and saves them; with `json`, stdout gets only the JSON array. */
export function report(name: string, rows: Row[], json: boolean, extra: Record<string, unknown> = {}): void {
  const file = writeResults(name, rows, extra);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
  } else {
    process.stdout.write(`${formatTable(rows)}\n`);
    process.stderr.write(`wrote ${file}\n`);
  }
}
