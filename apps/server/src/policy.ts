import { isAbsolute, resolve } from 'node:path';
import type { RunConfig } from '@aelab/core';
import type { ServerLimits } from './api.js';
import { ServerError } from './errors.js';
import { isInside } from './paths.js';

/** Every epoch count a config can ask for (top level, per stack level, fine-tuning). */
function epochCounts(config: RunConfig): { path: string; epochs: number }[] {
  const out = [{ path: 'training.epochs', epochs: config.training.epochs }];
  if (config.model.type === 'stacked') {
    config.model.levels.forEach((l, i) => {
      if (l.epochs !== undefined) out.push({ path: `model.levels[${i}].epochs`, epochs: l.epochs });
    });
    if (config.model.fineTune) out.push({ path: 'model.fineTune.epochs', epochs: config.model.fineTune.epochs });
  }
  return out;
}

/**
 * What the server refuses beyond the schema: oversized configs, too many epochs, and configs that would make
 * the server read files outside its data dir.
 */
export function checkConfigPolicy(config: RunConfig, limits: ServerLimits): void {
  const bytes = Buffer.byteLength(JSON.stringify(config));
  if (bytes > limits.maxConfigBytes) {
    throw new ServerError('CONFIG_TOO_LARGE', `the run config is ${bytes} bytes; this server accepts at most ${limits.maxConfigBytes}`);
  }
  for (const { path, epochs } of epochCounts(config)) {
    if (epochs > limits.maxEpochs) {
      throw new ServerError('INVALID_CONFIG', `invalid run config: ${path}: ${epochs} epochs is over this server's limit of ${limits.maxEpochs}`);
    }
  }
  if ('dataDir' in config.data && config.data.dataDir !== undefined) {
    throw new ServerError('INVALID_CONFIG', 'invalid run config: data.dataDir: the server reads datasets from its own --data-dir; leave it out');
  }
  if ('splitFile' in config.data && config.data.splitFile !== undefined) {
    const f = config.data.splitFile;
    if (isAbsolute(f) || f.includes('\\') || f.split('/').includes('..')) {
      throw new ServerError('INVALID_CONFIG', 'invalid run config: data.splitFile: must be a path relative to the server\'s data dir');
    }
  }
}

/** The config a worker trains: split files resolved inside the server's data dir (which training gets as an option). */
export function effectiveConfig(config: RunConfig, dataDir: string | undefined): RunConfig {
  if (config.data.name === 'gaussian' || config.data.name === 'inline' || !config.data.splitFile) return config;
  const data = { ...config.data };
  if (data.splitFile) {
    if (!dataDir) throw new ServerError('INVALID_CONFIG', 'invalid run config: data.splitFile: this server has no --data-dir to read it from');
    const file = resolve(dataDir, data.splitFile);
    if (!isInside(dataDir, file)) throw new ServerError('INVALID_CONFIG', 'invalid run config: data.splitFile: leaves the data dir');
    data.splitFile = file;
  }
  return { ...config, data };
}
