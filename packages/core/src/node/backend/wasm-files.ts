import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

/**
 * The directory holding tfjs-backend-wasm's .wasm binaries (with a trailing separator, as setWasmPaths wants).
 * Resolved from this module, so it works in the workspace, in a published install and in a bundle that keeps
 * node_modules reachable; AELAB_WASM_DIR overrides it. Undefined when nothing is found: tf.js then falls back to
 * the directory of its own script.
 */
export function findWasmDir(): string | undefined {
  const override = process.env.AELAB_WASM_DIR;
  if (override) return override.endsWith(sep) || override.endsWith('/') ? override : override + sep;
  const dir = packageDistDir();
  return dir && existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm')) ? dir + sep : undefined;
}

/** dist/ of the installed @tensorflow/tfjs-backend-wasm (its Node main lives there). */
export function packageDistDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  } catch {
    return undefined;
  }
}
