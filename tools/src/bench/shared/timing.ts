// What the epoch benchmarks (ae, conv and their PyTorch twins) share: how an epoch is timed, how backends are
// started, their common options and how a median time becomes a row. Here, not beside them in bench/, where every
// module is a benchmark `pnpm bench` lists and runs.
import type { BackendName } from '@aelab/core';
import { defaultBlasThreads, selectBackend } from '@aelab/core/node';

export interface Epoch {
  seconds: number;
  cpuSeconds: number;
  loss: number;
}

/** The middle of repeated timings: the machine may be shared, so one slow repeat must not move the number. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times one epoch (`run` resolves with its last loss): wall clock, and the whole process's CPU time. */
export async function timeEpoch(run: () => Promise<number>): Promise<Epoch> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const loss = await run();
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, loss };
}

/** The speed columns of a row; each bench places them among its other columns in its own order. */
export function speed(samples: number, seconds: number): { seconds: number; samplesPerSecond: number } {
  return { seconds: Number(seconds.toFixed(3)), samplesPerSecond: Math.round(samples / seconds) };
}

/** Every backend, in the order a bench without --backend tries them. */
export const ALL_BACKENDS: readonly BackendName[] = ['node-gpu', 'node', 'webgpu', 'blas', 'wasm', 'cpu'];

/**
 * Starts `name` with the bench's --threads: OpenBLAS threads for blas (default every core), XNNPACK threads for wasm
 * (default 1). Resolves with the threads the backend computes with, or with why it did not start.
 */
export async function startBackend(name: BackendName, threads: number | undefined): Promise<{ threads: number; detail: string | undefined } | { error: string }> {
  // WASM starts once per process: blas, which starts it, gets the XNNPACK threads wasm will have.
  const wasmThreads = threads ?? 1;
  const used = name === 'blas' ? (threads ?? defaultBlasThreads()) : name === 'wasm' ? wasmThreads : 1;
  try {
    return { threads: used, detail: (await selectBackend(name, { wasmThreads, blasThreads: used })).detail };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** The options of an epoch bench besides --samples (whose default is each bench's own) and its own. */
export const epochOptions = {
  backend: { type: 'string' },
  threads: { type: 'string' },
  torch: { type: 'boolean', default: false },
  repeat: { type: 'string', default: '3' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** --samples, --threads and --repeat as numbers; undefined when one is not a positive integer. */
export function epochCounts(values: { samples: string; threads?: string | undefined; repeat: string }): { samples: number; threads: number | undefined; repeat: number } | undefined {
  const samples = Number(values.samples);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  const repeat = Number(values.repeat);
  const positive = (n: number) => Number.isInteger(n) && n >= 1;
  return positive(samples) && (threads === undefined || positive(threads)) && positive(repeat) ? { samples, threads, repeat } : undefined;
}
