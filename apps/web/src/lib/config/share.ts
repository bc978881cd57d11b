import { runConfigKeyError, type LiteWeights } from '@aelab/core';
import type { PlaygroundConfig } from './types.js';

/** What "Export" writes: the playground config (a valid run config for the shared schema) and the weights. */
export interface PlaygroundExport {
  format: 'aelab-playground';
  version: 1;
  config: PlaygroundConfig;
  weights: LiteWeights | null;
  steps: number;
  epoch: number;
}

export function makeExport(config: PlaygroundConfig, weights: LiteWeights | null, steps: number, epoch: number): PlaygroundExport {
  return { format: 'aelab-playground', version: 1, config, weights, steps, epoch };
}

/**
 * Reads an exported file: either a playground export or a bare run config. Returns a one-line error for anything
 * else, and for a key the run-config schema does not know (no form control stands for it, so it would otherwise be
 * dropped in silence); the config's values are validated by the caller (the form shows the schema's errors).
 */
export function readExport(
  text: string,
): { ok: true; config: PlaygroundConfig; weights: LiteWeights | null } | { ok: false; error: string; code?: 'UNKNOWN_CONFIG_KEY' } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON (${(err as Error).message})` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: 'expected a JSON object' };
  const v = value as Partial<PlaygroundExport> & Record<string, unknown>;
  const config = v.format === 'aelab-playground' ? v.config : (value as PlaygroundConfig);
  if (!config || typeof config !== 'object') return { ok: false, error: 'the file has no config' };
  const c = config as Partial<PlaygroundConfig>;
  if (!c.model || !c.training || !c.data) return { ok: false, error: 'the config needs data, model and training sections' };
  const unknown = runConfigKeyError(config);
  if (unknown) return { ok: false, error: unknown.message, code: unknown.code };
  return { ok: true, config: config as PlaygroundConfig, weights: v.format === 'aelab-playground' ? (v.weights ?? null) : null };
}
