import { describe, expect, it } from 'vitest';
import { blobs } from '../test/data.js';
import { elmFit } from './elm.js';
import { kelmFit } from './kelm.js';
import type { Model } from './model.js';
import { nystromFit } from './nystrom.js';
import { predict } from './predict.js';
import { deserializeModel, serializeModel } from './serialize.js';

describe('serializeModel / deserializeModel', () => {
  const { x, labels } = blobs(20, 3, 4, 15, 0.3);

  it.each([
    ['kelm', () => kelmFit(x, labels, { kernel: { type: 'gaussian-huang', width: 0.5 }, C: 10 })],
    ['nystrom', () => nystromFit(x, labels, { kernel: { type: 'gaussian', sigma: 0.5 }, C: 10, centres: 15 })],
    ['elm', () => elmFit(x, labels, { hidden: 12, activation: 'rbf', C: 3, seed: 4 })],
  ] as Array<[string, () => Promise<Model>]>)('round-trips a %s model exactly', async (_kind, fit) => {
    const model = await fit();
    const { manifest, weights } = serializeModel(model);
    const back = deserializeModel(JSON.parse(JSON.stringify(manifest)), weights);
    expect(back).toEqual(model);
    expect(Array.from(predict(back, x).scores)).toEqual(Array.from(predict(model, x).scores));
  });

  it('rejects a foreign manifest or truncated weights with INVALID_MODEL', async () => {
    const model = await kelmFit(x, labels, { kernel: { type: 'linear' }, C: 1 });
    const { manifest, weights } = serializeModel(model);
    expect(() => deserializeModel({ ...manifest, format: 'other' }, weights)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => deserializeModel(manifest, weights.subarray(0, 100))).toThrow(/truncated/);
    expect(() => deserializeModel('nonsense', weights)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
});
