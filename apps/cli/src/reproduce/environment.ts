import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@aelab/core/node';

export interface Environment {
  backend: { name: string; note: string };
  versions: Record<string, string>;
}

function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Activates the requested tensor backend and collects what the report records about the software. */
export async function environment(backend: string): Promise<Environment> {
  const chosen = await selectBackend(backend);
  const skipped = chosen.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  const note = [chosen.requested === 'auto' ? 'auto' : `requested ${chosen.requested}`, chosen.detail, skipped ? `skipped ${skipped}` : '']
    .filter(Boolean)
    .join('; ');
  return {
    backend: { name: chosen.backend, note },
    versions: {
      node: process.version,
      '@aelab/cli': packageVersion('@aelab/cli'),
      '@aelab/core': packageVersion('@aelab/core'),
      '@aelab/kelm': packageVersion('@aelab/kelm'),
      '@aelab/datasets': packageVersion('@aelab/datasets'),
      '@tensorflow/tfjs': tf.version.tfjs,
    },
  };
}
