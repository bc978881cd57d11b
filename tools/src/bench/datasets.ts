/**
 * `pnpm bench datasets [--data-dir DIR] [--repeat N] [--only mnist:train,usps] [--json]`: how long loading each
 * dataset takes, from the files to the float32 `Dataset` (read, gunzip, checksum, parse, scale). The target is the
 * 60,000-image MNIST training set in about a second.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset, type LoadOptions } from '@aelab/datasets/node';
import { report, type Row } from '../report.js';
import { median } from './shared/timing.js';

const usage = `usage: pnpm bench datasets [--data-dir DIR] [--repeat N] [--only NAME[:SPLIT],...] [--json]
  --data-dir DIR  data dir with mnist/, usps/, cifar10/ (default AELAB_DATA_DIR, else ../shared/data)
  --repeat N      timed loads per set after the first (default 3)
  --only LIST     e.g. mnist:train,usps (default: every set)
  --json          print only the JSON rows`;

interface Case {
  label: string;
  options: Omit<LoadOptions, 'dataDir'>;
  needsFiles: boolean;
}

const cases: Case[] = [
  { label: 'mnist:train', options: { name: 'mnist', split: 'train' }, needsFiles: true },
  { label: 'mnist:test', options: { name: 'mnist', split: 'test' }, needsFiles: true },
  { label: 'mnist-binary:train', options: { name: 'mnist-binary', split: 'train' }, needsFiles: true },
  { label: 'usps:train', options: { name: 'usps', split: 'train' }, needsFiles: true },
  { label: 'usps:test', options: { name: 'usps', split: 'test' }, needsFiles: true },
  { label: 'cifar10:train', options: { name: 'cifar10', split: 'train' }, needsFiles: true },
  { label: 'cifar10:test', options: { name: 'cifar10', split: 'test' }, needsFiles: true },
  { label: 'mnist:embedded', options: { name: 'mnist', embedded: true }, needsFiles: false },
  { label: 'gaussian:train', options: { name: 'gaussian', gaussian: { k: 10, d: 2, pointsPerCluster: 10000 } }, needsFiles: false },
];

export default async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      repeat: { type: 'string', default: '3' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a positive integer, got ${values.repeat}`);
  const shared = resolve(import.meta.dirname, '../../../../shared/data');
  const dataDir = values['data-dir'] ?? (process.env.AELAB_DATA_DIR || (existsSync(shared) ? shared : undefined));
  const only = values.only?.split(',').map((s) => s.trim());
  const selected = cases.filter((c) => !only || only.some((o) => c.label === o || c.label.startsWith(`${o}:`)));

  const rows: Row[] = [];
  for (const c of selected) {
    if (c.needsFiles && !dataDir) {
      process.stderr.write(`skipping ${c.label}: no data dir (give --data-dir or AELAB_DATA_DIR)\n`);
      continue;
    }
    const options: LoadOptions = { ...c.options, ...(c.needsFiles ? { dataDir } : {}) };
    const times: number[] = [];
    let count = 0;
    let bytes = 0;
    for (let i = 0; i <= repeat; i++) {
      const t0 = performance.now();
      const ds = await loadDataset(options);
      times.push(performance.now() - t0);
      count = ds.count;
      bytes = ds.features.byteLength;
    }
    const [first, ...warm] = times as [number, ...number[]];
    const med = median(warm);
    rows.push({
      set: c.label,
      count,
      first_ms: Math.round(first),
      median_ms: Math.round(med),
      min_ms: Math.round(Math.min(...warm)),
      records_per_s: Math.round(count / (med / 1000)),
      float32_MB: Math.round(bytes / 1e6),
    });
    if (!values.json) process.stderr.write(`${c.label}: ${Math.round(med)} ms\n`);
  }
  report('datasets', rows, values.json, { dataDir: dataDir ?? null, repeat, node: process.version, cpus: (await import('node:os')).cpus().length });
}
