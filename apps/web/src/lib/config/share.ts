import { runConfigKeyError, type EpochRecord, type LiteWeights } from '@aelab/core';
import type { ResumePoint } from '../worker/protocol.js';
import type { PlaygroundConfig } from './types.js';

/** What "Export" writes: the playground config (a valid run config for the shared schema) and the weights. */
export interface PlaygroundExport {
  format: 'aelab-playground';
  version: 1;
  config: PlaygroundConfig;
  weights: LiteWeights | null;
  steps: number;
  epoch: number;
  /** The RMSE curve so far (thinned as the page keeps it), so an import shows where training stood. */
  history?: EpochRecord[];
}

export function makeExport(config: PlaygroundConfig, weights: LiteWeights | null, steps: number, epoch: number, history: EpochRecord[] = []): PlaygroundExport {
  return { format: 'aelab-playground', version: 1, config, weights, steps, epoch, history };
}

/** Where an exported, trained setup stood; null for a bare config or untrained weights. */
function resumePoint(v: Partial<PlaygroundExport>): ResumePoint | null {
  if (!v.weights) return null;
  const steps = Number.isInteger(v.steps) && v.steps! > 0 ? v.steps! : 0;
  const epoch = Number.isInteger(v.epoch) && v.epoch! > 0 ? v.epoch! : 0;
  const history = Array.isArray(v.history) ? v.history.filter(isEpochRecord) : [];
  return steps > 0 ? { steps, epoch, history } : null;
}

function isEpochRecord(r: unknown): r is EpochRecord {
  const e = r as Partial<EpochRecord> | null;
  return !!e && typeof e.epoch === 'number' && typeof e.step === 'number' && typeof e.loss === 'number' && typeof e.metrics === 'object' && e.metrics !== null;
}

/**
 * Reads an exported file: either a playground export or a bare run config. Returns a one-line error for anything
 * else, and for a key the run-config schema does not know (no form control stands for it, so it would otherwise be
 * dropped in silence); the config's values are validated by the caller (the form shows the schema's errors).
 */
export function readExport(
  text: string,
): { ok: true; config: PlaygroundConfig; weights: LiteWeights | null; resume: ResumePoint | null } | { ok: false; error: string; code?: 'UNKNOWN_CONFIG_KEY' } {
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
  const exported = v.format === 'aelab-playground';
  return { ok: true, config: config as PlaygroundConfig, weights: exported ? (v.weights ?? null) : null, resume: exported ? resumePoint(v) : null };
}
