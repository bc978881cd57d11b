import type { Problem } from '../api/errors.js';
import { getPreset, presets, validateRunConfig, type RunConfigInput } from '@aelab/core';
import { jsonErrorOffset, lineColumn } from './json-position.js';

export interface SubmissionIssue {
  path: string;
  message: string;
}

export type Submission = { ok: true; config: RunConfigInput } | { ok: false; error: string; issues: SubmissionIssue[] };

/**
 * A small, quick run to start from: the demo-2d preset's 8-6-2-6-8 network (its 2-unit code plots directly) on
 * fewer points, 40 epochs.
 */
export const STARTER_CONFIG: RunConfigInput = {
  name: 'gaussian-demo',
  seed: 0,
  data: { name: 'gaussian', k: 4, d: 8, pointsPerCluster: 50, spread: 0.08 },
  model: structuredClone(getPreset('demo-2d').config.model),
  training: { optimizer: { type: 'adam' }, learningRate: 0.01, batchSize: 16, epochs: 40, validationFraction: 0.2, snapshotEvery: 10 },
};

/** What became of a submission: the run the server queued, or why it refused. */
export type SubmitOutcome = { ok: true; id: string; label: string } | { ok: false; problem: Problem };

export interface PresetOption {
  name: string;
  title: string;
}

export function presetOptions(): PresetOption[] {
  return presets.map((p) => ({ name: p.name, title: p.title }));
}

/** The editor's text for a preset (or the starter config for `''`). */
export function configText(presetName: string): string {
  const config = presetName === '' ? STARTER_CONFIG : getPreset(presetName).config;
  return JSON.stringify(config, null, 2);
}

/**
 * The editor's text checked as the server will check it: JSON first (with the line of a syntax error), then the
 * shared run-config schema. The config is sent as written; the server fills in the defaults.
 */
export function checkSubmission(text: string): Submission {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${jsonErrorWhere(text, err as Error)}`, issues: [] };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: 'The config must be a JSON object ({...}).', issues: [] };
  const v = validateRunConfig(json);
  if (!v.ok) return { ok: false, error: `The config has ${v.issues.length} problem${v.issues.length === 1 ? '' : 's'}.`, issues: v.issues };
  return { ok: true, config: json as RunConfigInput };
}

function jsonErrorWhere(text: string, err: Error): string {
  // The engine's wording, without the position or the quoted text it sometimes adds.
  const message = err.message.replace(/^JSON\.parse: /, '').replace(/( in JSON)? at position \d+.*$/s, '').replace(/, "[^]*" is not valid JSON$/, '');
  const offset = jsonErrorOffset(text);
  if (offset === null) return message;
  const { line, column } = lineColumn(text, offset);
  return `${message} (line ${line}, column ${column})`;
}
