import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { WasmOptions } from '../../backend/index.js';
import { packageDistDir } from './wasm-files.js';

/*
 * tfjs-backend-wasm ships a pthreads build (XNNPACK on several cores) but never enables it in Node: its worker script
 * is handed over as a blob: URL, which worker_threads can't load, and the thread count is capped at half of
 * os.cpus(). These hooks give it a worker file it can load and a core count that allows the threads asked for.
 * They depend on the layout of tfjs-backend-wasm 4.22.0 (pinned); if it changes they report failure and the
 * caller falls back to one thread.
 */

/** The part of the pthread worker that loads the main script from a Blob; replaced by a load from disk. */
const BLOB_LOADER =
  'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';

let workerFile: string | undefined;

function writeWorkerFile(): string | undefined {
  if (workerFile) return workerFile;
  const dist = packageDistDir();
  if (!dist) return undefined;
  const wasmOut = join(dist, '..', 'wasm-out');
  const req = createRequire(import.meta.url);
  let contents: string;
  try {
    contents = (req(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }).wasmWorkerContents;
  } catch {
    return undefined;
  }
  if (!contents.includes(BLOB_LOADER)) return undefined;
  const script = contents.replace(BLOB_LOADER, `importScripts(${JSON.stringify(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'))});`);
  const dir = mkdtempSync(join(os.tmpdir(), 'aelab-wasm-'));
  workerFile = join(dir, 'worker.cjs');
  // The same escaping tf.js applies before making its Blob: the contents hold literal "\n" sequences.
  writeFileSync(workerFile, script.replace(/\n/g, '\\n'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return workerFile;
}

/** WasmOptions hooks that run the WASM backend on `threads` XNNPACK threads in Node; undefined if not possible. */
export function nodeWasmThreadHooks(threads: number): Pick<WasmOptions, 'threads' | 'beforeInit' | 'afterInit'> | undefined {
  if (threads <= 1) return undefined;
  const file = writeWorkerFile();
  if (!file) return undefined;
  return {
    threads,
    beforeInit: () => {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
      const createObjectURL = URL.createObjectURL;
      const cpus = os.cpus;
      URL.createObjectURL = () => file;
      os.cpus = () => {
        const real = cpus();
        return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]!);
      };
      return () => {
        URL.createObjectURL = createObjectURL;
        os.cpus = cpus;
      };
    },
    afterInit: (module) => {
      // Idle pthread workers must not keep the process alive.
      const pthread = (module as { PThread?: { unusedWorkers?: { unref?: () => void }[]; runningWorkers?: { unref?: () => void }[] } }).PThread;
      for (const worker of [...(pthread?.unusedWorkers ?? []), ...(pthread?.runningWorkers ?? [])]) worker.unref?.();
    },
  };
}
