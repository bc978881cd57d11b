import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { coreErrorOf } from '../../test/errors.js';
import { presets } from '../presets/presets.js';
import { parseRunConfig, runConfigKeyError, validateRunConfig } from './parse.js';
import { runConfigSchema } from './run.js';
import { parseConfig, suggestKey, UnknownConfigKeyError } from './unknown-keys.js';

describe('unknown keys in a run config', () => {
  it('a misspelled training key is an UNKNOWN_CONFIG_KEY error naming its path and the right spelling', () => {
    const err = coreErrorOf(() => parseRunConfig({ training: { learningrate: 0.1 } }));
    expect(err).toBeInstanceOf(UnknownConfigKeyError);
    expect(err.code).toBe('UNKNOWN_CONFIG_KEY');
    expect(err.message).toBe('invalid run config: training.learningrate: unknown key — did you mean "learningRate"?');
    expect((err as UnknownConfigKeyError).keys).toEqual([{ path: 'training.learningrate', key: 'learningrate', suggestion: 'learningRate' }]);
  });

  it('is rejected at every depth: root, sections, union options, array items, nested options', () => {
    const cases: [unknown, string][] = [
      [{ sed: 1 }, 'sed: unknown key — did you mean "seed"?'],
      [{ data: { name: 'gaussian', pointsPerClster: 5 } }, 'data.pointsPerClster: unknown key — did you mean "pointsPerCluster"?'],
      [{ data: { name: 'inline', points: [[0.5]], classnames: ['a'] } }, 'data.classnames: unknown key — did you mean "classNames"?'],
      [{ data: { name: 'mnist', trainsize: 5 } }, 'data.trainsize: unknown key — did you mean "trainSize"?'],
      [{ model: { type: 'dense', layers: [{ units: 4 }, { units: 2, unit: 2 }] } }, 'model.layers[1].unit: unknown key — did you mean "units"?'],
      [{ model: { type: 'dense', layers: [{ units: 4, dropConnect: { keepProbabilty: 0.5 } }] } }, 'model.layers[0].dropConnect.keepProbabilty: unknown key — did you mean "keepProbability"?'],
      [{ model: { type: 'dense', regularization: { sparsity: { betta: 1 } } } }, 'model.regularization.sparsity.betta: unknown key — did you mean "beta"?'],
      [{ model: { type: 'stacked', levels: [{ units: 8, epoch: 3 }] } }, 'model.levels[0].epoch: unknown key — did you mean "epochs"?'],
      [{ model: { type: 'conv', layers: [{ type: 'conv2d', filters: 4, kernelsize: 3 }] } }, 'model.layers[0].kernelsize: unknown key — did you mean "kernelSize"?'],
      [{ training: { optimizer: { type: 'adam', beta_1: 0.8 } } }, 'training.optimizer.beta_1: unknown key — did you mean "beta1"?'],
      [{ training: { earlyStopping: { patients: 2 } } }, 'training.earlyStopping.patients: unknown key — did you mean "patience"?'],
    ];
    for (const [config, line] of cases) {
      const err = coreErrorOf(() => parseRunConfig(config));
      expect(err.code, line).toBe('UNKNOWN_CONFIG_KEY');
      expect(err.message).toBe(`invalid run config: ${line}`);
    }
  });

  it('offers no suggestion when nothing is close, and lists every unknown key', () => {
    const err = coreErrorOf(() => parseRunConfig({ training: { zzz: 1, epohcs: 2 }, colour: 'red' }));
    expect(err.message).toBe('invalid run config: training.zzz: unknown key; training.epohcs: unknown key — did you mean "epochs"?; colour: unknown key');
  });

  it('puts unknown keys before the other issues, all on one line', () => {
    const err = coreErrorOf(() => parseRunConfig({ model: { type: 'dense', layers: [{ unit: 4 }] } }));
    expect(err.code).toBe('UNKNOWN_CONFIG_KEY');
    expect(err.message).toMatch(/^invalid run config: model\.layers\[0\]\.unit: unknown key — did you mean "units"\?; model\.layers\[0\]\.units: /);
    expect(err.message).not.toContain('\n');
  });

  it('validateRunConfig reports each unknown key at its own path', () => {
    const r = validateRunConfig({ seed: 1, training: { epochs: 2, learningrate: 0.1 } });
    expect(r).toEqual({ ok: false, issues: [{ path: 'training.learningrate', message: 'unknown key — did you mean "learningRate"?' }] });
  });

  it('every preset still parses (they use only known keys)', () => {
    for (const p of presets) expect(() => parseRunConfig(structuredClone(p.config)), p.name).not.toThrow();
  });
});

describe('the run config schema is strict everywhere', () => {
  // A new z.object (not z.strictObject) anywhere in the config would silently drop misspelled keys again.
  function looseObjects(schema: z.ZodType, path: string, seen = new Set<unknown>()): string[] {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    const children: [string, z.ZodType][] = [];
    if (def.type === 'object') {
      // A refined object's clone keeps its catchall as a classic schema (`.def`), the original as `_zod.def`.
      const catchall = def.catchall as { def?: { type: string }; _zod?: { def: { type: string } } } | undefined;
      const strict = (catchall?.def ?? catchall?._zod?.def)?.type === 'never';
      const own = strict ? [] : [path || '(root)'];
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) children.push([`${path}.${k}`, v]);
      return [...own, ...children.flatMap(([p, s]) => looseObjects(s, p, seen))];
    }
    for (const key of ['innerType', 'in', 'out', 'element', 'valueType']) if (def[key]) children.push([path, def[key] as z.ZodType]);
    for (const key of ['options', 'items']) for (const o of (def[key] as z.ZodType[] | undefined) ?? []) children.push([path, o]);
    return children.flatMap(([p, s]) => looseObjects(s, p, seen));
  }

  it('has no object schema that accepts unknown keys', () => {
    expect(looseObjects(runConfigSchema, '')).toEqual([]);
    expect(looseObjects(z.object({ a: z.strictObject({}) }), '')).toEqual(['(root)']);
  });
});

describe('parseConfig and suggestKey (any strict schema)', () => {
  const schema = z.strictObject({ kelm: z.strictObject({ cGrid: z.array(z.number()).default([1]) }).prefault({}) });

  it('names the config in the message and fills defaults', () => {
    expect(parseConfig(schema, {}, 'reproduce config')).toEqual({ kelm: { cGrid: [1] } });
    expect(coreErrorOf(() => parseConfig(schema, '{"kelm":{"cgrid":[2]}}', 'reproduce config')).message).toBe(
      'invalid reproduce config: kelm.cgrid: unknown key — did you mean "cGrid"?',
    );
    expect(coreErrorOf(() => parseConfig(schema, '{', 'reproduce config')).code).toBe('INVALID_CONFIG');
  });

  it('suggests case slips, one- or two-letter typos and transpositions, not distant words', () => {
    expect(suggestKey('learningrate', ['learningRate', 'loss'])).toBe('learningRate');
    expect(suggestKey('bathcSize', ['batchSize', 'epochs'])).toBe('batchSize');
    expect(suggestKey('epoch', ['batchSize', 'epochs'])).toBe('epochs');
    expect(suggestKey('colour', ['seed', 'data', 'model'])).toBeUndefined();
    expect(suggestKey('x', [])).toBeUndefined();
  });
});

describe('runConfigKeyError (importers)', () => {
  it('returns the typed error for unknown keys only, null otherwise', () => {
    const err = runConfigKeyError({ training: { epochs: -1, learningrate: 1 } });
    expect(err).toBeInstanceOf(UnknownConfigKeyError);
    expect(err?.message).toBe('invalid run config: training.learningrate: unknown key — did you mean "learningRate"?');
    expect(runConfigKeyError({ training: { epochs: -1 } })).toBeNull();
    expect(runConfigKeyError({})).toBeNull();
  });
});
