import { liteUnsupported, validateRunConfig, type RunConfig } from '@aelab/core';
import { LIMITS } from './defaults.js';
import type { PlaygroundConfig } from './types.js';

export type FieldErrors = Record<string, string>;

export type Validation = { ok: true; runConfig: RunConfig; errors: FieldErrors } | { ok: false; runConfig: null; errors: FieldErrors };

/**
 * Checks the playground config against the shared run-config schema, then against what the page can train and
 * draw. Errors are keyed by the zod path (`model.layers[1].units`) so each form control shows its own.
 */
export function validatePlayground(config: PlaygroundConfig): Validation {
  const errors: FieldErrors = {};
  const add = (path: string, message: string) => {
    if (!(path in errors)) errors[path] = message;
  };
  if (config.data.name === 'inline' && (!Array.isArray(config.data.points) || config.data.points.length === 0)) {
    add('data.points', 'drop a CSV file here (a link does not carry large files)');
  }
  const result = validateRunConfig(config);
  if (!result.ok) for (const issue of result.issues) add(issue.path, friendly(issue.message));
  // The page's own limits read the raw values, so they show up alongside the schema's errors.
  checkLimits(config, add);
  if (!result.ok) return { ok: false, runConfig: null, errors };
  for (const issue of liteUnsupported(result.config)) add(issue.path, issue.message);
  if (Object.keys(errors).length > 0) return { ok: false, runConfig: null, errors };
  return { ok: true, runConfig: result.config, errors };
}

function checkLimits(config: PlaygroundConfig, add: (path: string, message: string) => void): void {
  const { layers, codeLayer } = config.model;
  const code = Array.isArray(layers) ? layers[codeLayer] : undefined;
  if (!code) add('model.codeLayer', 'pick one of the layers as the code layer');
  else if (Number.isFinite(code.units) && code.units !== 2) add(`model.layers[${codeLayer}].units`, 'the code layer needs 2 units so the codes can be drawn');
  if (!Array.isArray(layers)) return;
  if (layers.length > LIMITS.maxLayers) add('model.layers', `at most ${LIMITS.maxLayers} hidden layers`);
  layers.forEach((l, i) => {
    if (l.units > LIMITS.maxUnits) add(`model.layers[${i}].units`, `at most ${LIMITS.maxUnits} units`);
  });
  const data = config.data;
  if (data.name === 'gaussian') {
    if (data.k > LIMITS.maxClusters) add('data.k', `at most ${LIMITS.maxClusters} clusters`);
    if (data.d > LIMITS.maxDimensions) add('data.d', `at most ${LIMITS.maxDimensions} dimensions`);
    if (data.d < 2) add('data.d', 'at least 2 dimensions');
    const count = data.k * data.pointsPerCluster;
    if (count > LIMITS.maxPoints) add('data.pointsPerCluster', `at most ${LIMITS.maxPoints} points in all (now ${count})`);
  } else if (Array.isArray(data.points)) {
    const count = data.points.length;
    const width = data.points[0]?.length ?? 0;
    if (width > LIMITS.maxDimensions) add('data.points', `at most ${LIMITS.maxDimensions} columns (this file has ${width})`);
    if (count > LIMITS.maxPoints) add('data.points', `at most ${LIMITS.maxPoints} rows (this file has ${count})`);
    if (count < 2) add('data.points', 'needs at least 2 rows');
  }
}

/** zod's messages, in the form's words ("Too small: expected number to be >0" -> "must be more than 0"). */
function friendly(message: string): string {
  if (/expected number, received (NaN|null|undefined)/i.test(message)) return 'enter a number';
  if (/expected int/i.test(message)) return 'enter a whole number';
  const bound = /^Too (?:small|big): expected number to be (>=|<=|>|<)(.+)$/.exec(message);
  if (bound) {
    const words: Record<string, string> = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
    return `must be ${words[bound[1]!]} ${bound[2]!.trim()}`;
  }
  return message.replace(/^Invalid input: /, '');
}
