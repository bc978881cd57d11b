import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { ProbeResult } from '../../backend/index.js';

/*
 * tfjs-node and tfjs-node-gpu are never dependencies of aelab (their install downloads libtensorflow and may fail).
 * If a user installs one, we load it by path at run time; both register tf.js's 'tensorflow' backend.
 */

export const nativePackages = { 'node-gpu': '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' } as const;
export type NativeName = keyof typeof nativePackages;

let loaded: NativeName | undefined;
const failures = new Map<NativeName, string>();

/** Resolves a package from this module, then from the working directory (the user's project). */
function resolvePackage(name: string): string | undefined {
  for (const base of [import.meta.url, pathToFileURL(join(process.cwd(), 'noop.js')).href]) {
    try {
      return createRequire(base).resolve(name);
    } catch {
      // not found from here
    }
  }
  return undefined;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 300);
}

export async function activateNative(name: NativeName): Promise<ProbeResult> {
  const pkg = nativePackages[name];
  if (loaded && loaded !== name) return { ok: false, reason: `${nativePackages[loaded]} is already loaded in this process and owns the tensorflow backend` };
  const failed = failures.get(name);
  if (failed) return { ok: false, reason: failed };
  if (!loaded) {
    const entry = resolvePackage(pkg);
    if (!entry) return { ok: false, reason: `${pkg} is not installed` };
    try {
      await import(pathToFileURL(entry).href);
    } catch (err) {
      const reason = `${pkg} is installed but its native library failed to load: ${firstLine(err)}`;
      failures.set(name, reason);
      return { ok: false, reason };
    }
    if (!('tensorflow' in tf.engine().registryFactory)) {
      const reason = `${pkg} registered itself with another copy of @tensorflow/tfjs-core; install the version matching @tensorflow/tfjs ${tf.version_core}`;
      failures.set(name, reason);
      return { ok: false, reason };
    }
    loaded = name;
  }
  try {
    if (await tf.setBackend('tensorflow')) return { ok: true, detail: pkg };
    return { ok: false, reason: `${pkg} loaded but its backend failed to initialise` };
  } catch (err) {
    return { ok: false, reason: `${pkg} loaded but its backend failed to initialise: ${firstLine(err)}` };
  }
}
