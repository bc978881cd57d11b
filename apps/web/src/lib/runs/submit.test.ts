import { presets, validateRunConfig } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { checkSubmission, configText, presetOptions, STARTER_CONFIG } from './submit.js';

describe('checkSubmission', () => {
  it('accepts the starter config and every preset as the editor shows them', () => {
    expect(validateRunConfig(STARTER_CONFIG).ok).toBe(true);
    for (const name of ['', ...presets.map((p) => p.name)]) {
      const r = checkSubmission(configText(name));
      expect(r.ok, name).toBe(true);
    }
    expect(presetOptions().map((p) => p.name)).toContain('demo-2d');
  });

  it('sends the config as written (the server fills in the defaults)', () => {
    expect(checkSubmission('{"training": {"epochs": 3}}')).toEqual({ ok: true, config: { training: { epochs: 3 } } });
    expect(checkSubmission('{"training": {"epochs": 3, "learningrate": 0.1}}')).toEqual({
      ok: false,
      error: 'The config has 1 problem.',
      issues: [{ path: 'training.learningrate', message: 'unknown key — did you mean "learningRate"?' }],
    });
  });

  it('points at a JSON syntax error by line and column', () => {
    const r = checkSubmission('{\n  "seed": 1,\n  "training": }');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^Not valid JSON: .*\(line 3, column 15\)$/);
    expect(r.issues).toEqual([]);
  });

  it('lists schema problems by path', () => {
    const r = checkSubmission('{"seed": 1.5, "training": {"epochs": 0}}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('The config has 2 problems.');
    expect(r.issues.map((i) => i.path)).toEqual(['seed', 'training.epochs']);
  });

  it('wants an object', () => {
    for (const text of ['[]', '3', 'null']) {
      const r = checkSubmission(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/JSON object/);
    }
  });
});
