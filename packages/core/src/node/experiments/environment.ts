import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/index.js';

import { cpus, platform, release } from 'node:os';
import type { RunEnvironment } from '../../experiments/runner.js';

export interface Environment {
  backend: { name: string; note: string };
  versions: Record<string, string>;
}

/** The machine, for a report. */
export function hostFacts(): RunEnvironment['host'] {
  const list = cpus();
  return { platform: `${platform()} ${release()}`, cpus: list.length, cpuModel: list[0]?.model.trim() ?? 'unknown' };
}

/** The version in the package.json above a resolved entry file (workspace packages do not export their package.json). */
function packageVersion(name: string): string {
  try {
    let dir = dirname(fileURLToPath(import.meta.resolve(name)));
    for (let i = 0; i < 6; i++) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version ?? 'unknown';
      }
      dir = dirname(dir);
    }
  } catch {
    // Resolution differs under bundlers; the version is only informative.
  }
  return 'unknown';
}

/**
 * Activates the requested tensor backend (on `threads` XNNPACK / OpenBLAS threads when given) and collects what the
 * report records about the software.
 */
export async function environment(backend: string, threads?: number): Promise<Environment> {
  const chosen = await selectBackend(backend, threads !== undefined ? { wasmThreads: threads, blasThreads: threads } : {});
  const skipped = chosen.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  const note = [chosen.requested === 'auto' ? 'auto' : `requested ${chosen.requested}`, chosen.detail, skipped ? `skipped ${skipped}` : '']
    .filter(Boolean)
    .join('; ');
  return {
    backend: { name: chosen.backend, note },
    versions: {
      node: process.version,
      '@aelab/core': packageVersion('@aelab/core'),
      '@aelab/kelm': packageVersion('@aelab/kelm'),
      '@aelab/datasets': packageVersion('@aelab/datasets'),
      '@tensorflow/tfjs': tf.version.tfjs,
    },
  };
}
