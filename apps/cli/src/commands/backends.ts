import type { Command } from 'commander';
import { listBackends } from '@aelab/core/node';
import { printJson } from '../output.js';

interface BackendsOptions {
  json?: boolean;
  wasmThreads?: string;
  threads?: string;
}

/** `aelab backends`: which tensor engines can run here, why the others can't, and what `auto` picks. */
export function register(program: Command): void {
  program
    .command('backends')
    .description('list the TensorFlow.js backends (node-gpu, node, webgpu, blas, wasm, cpu), whether each can run here and why not, and what auto picks')
    .option('--wasm-threads <n>', 'XNNPACK threads to start the WASM backend with (default 1, or AELAB_WASM_THREADS)')
    .option('--threads <n>', 'OpenBLAS threads for the blas backend (default: AELAB_BLAS_THREADS, else every core)')
    .option('--json', 'print one JSON document: {"backends":[{"backend","available","reason"|"detail"}],"auto":{...}}')
    .action(async (opts: BackendsOptions) => {
      const count = (flag: string, value: string | undefined): number | undefined => {
        const n = value === undefined ? undefined : Number(value);
        if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw Object.assign(new Error(`${flag} takes a positive integer, not "${value}"`), { code: 'INVALID_ARGUMENT' });
        return n;
      };
      const threads = count('--wasm-threads', opts.wasmThreads);
      const blasThreads = count('--threads', opts.threads);
      const report = await listBackends({ ...(threads !== undefined ? { wasmThreads: threads } : {}), ...(blasThreads !== undefined ? { blasThreads } : {}) });
      if (opts.json) {
        printJson(report);
        return;
      }
      const rows = report.backends.map((b) => [b.backend, b.available ? 'yes' : 'no', (b.available ? b.detail : b.reason) ?? '']);
      const width = (i: number) => Math.max(...rows.map((r) => r[i]!.length), ['backend', 'available'][i]?.length ?? 0);
      const line = (r: string[]) => `${r[0]!.padEnd(width(0))}  ${r[1]!.padEnd(width(1))}  ${r[2]}`.trimEnd();
      const auto = report.auto;
      process.stdout.write(
        [line(['backend', 'available', 'notes']), ...rows.map(line), '', `auto picks: ${auto.backend}${auto.detail ? ` (${auto.detail})` : ''}`].join('\n') + '\n',
      );
    });
}
