/** Node-only: models on disk as <dir>/model.json + <dir>/weights.bin. */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { KelmError } from '../errors.js';
import type { Model } from '../model.js';
import { deserializeModel, serializeModel } from '../serialize.js';

export function saveModel(model: Model, dir: string): { manifest: string; weights: string } {
  const { manifest, weights } = serializeModel(model);
  mkdirSync(dir, { recursive: true });
  const files = { manifest: join(dir, 'model.json'), weights: join(dir, 'weights.bin') };
  writeFileSync(files.weights, weights);
  writeFileSync(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

export function loadModel(dir: string): Model {
  const manifestPath = join(dir, 'model.json');
  const weightsPath = join(dir, 'weights.bin');
  for (const f of [manifestPath, weightsPath]) if (!existsSync(f)) throw new KelmError('FILE_MISSING', `${f} not found`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new KelmError('INVALID_MODEL', `${manifestPath} is not valid JSON: ${(err as Error).message}`);
  }
  return deserializeModel(json, new Uint8Array(readFileSync(weightsPath)));
}

export { nativeAddonPath, useNativeSolver } from './native.js';
