import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blobs } from '../../test/data.js';
import { kelmFit } from '../kelm.js';
import { predict } from '../predict.js';
import { loadModel, saveModel } from './index.js';

describe('saveModel / loadModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aelab-kelm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes model.json + weights.bin and reads them back', async () => {
    const { x, labels } = blobs(15, 2, 3, 16);
    const model = await kelmFit(x, labels, { kernel: { type: 'gaussian', sigma: 1 }, C: 10 });
    const files = saveModel(model, join(dir, 'm1'));
    expect(files.manifest.endsWith('model.json')).toBe(true);
    const back = loadModel(join(dir, 'm1'));
    expect(Array.from(predict(back, x).labels)).toEqual(Array.from(predict(model, x).labels));
  });

  it('says which file is missing or broken', () => {
    expect(() => loadModel(join(dir, 'nothing'))).toThrow(expect.objectContaining({ code: 'FILE_MISSING' }));
    const broken = join(dir, 'broken');
    saveModel({ kind: 'kelm', kernel: { type: 'linear' }, C: 1, classes: [0, 1], dim: 1, support: new Float32Array(1), coef: new Float64Array(2), solve: { method: 'float64', iterations: 0, relativeResidual: 0, raisedPivots: 0, seconds: 0, timings: { matrix: 0, factor: 0, refine: 0 } } }, broken);
    writeFileSync(join(broken, 'model.json'), '{ not json');
    expect(() => loadModel(broken)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
});
