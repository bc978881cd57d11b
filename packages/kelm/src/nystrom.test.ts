import { describe, expect, it } from 'vitest';
import { blobs, maxAbsDiff, uniform } from '../test/data.js';
import { accuracy } from './data.js';
import { kelmFit } from './kelm.js';
import { nystromFit } from './nystrom.js';
import { kernelPredict } from './predict.js';

describe('nystromFit', () => {
  it('with every row as a centre it reproduces exact KELM', async () => {
    const { x, labels } = blobs(30, 3, 4, 9, 0.3);
    const kernel = { type: 'gaussian' as const, sigma: 0.7 };
    const exact = await kelmFit(x, labels, { kernel, C: 5 });
    const approx = await nystromFit(x, labels, { kernel, C: 5, centres: x.rows });
    const probe = uniform(25, 4, 10);
    const a = kernelPredict(exact, probe).scores;
    const b = kernelPredict(approx, probe).scores;
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-3);
  });

  it('keeps only the centres and comes close to exact KELM with few of them', async () => {
    const train = blobs(200, 4, 8, 11, 0.25);
    const test = blobs(100, 4, 8, 11, 0.25, 1);
    const kernel = { type: 'gaussian' as const, sigma: 1 };
    const model = await nystromFit(train.x, train.labels, { kernel, C: 100, centres: 60, batchSize: 128 });
    expect(model.kind).toBe('nystrom');
    expect(model.support.length).toBe(60 * 8);
    const exact = accuracy(kernelPredict(await kelmFit(train.x, train.labels, { kernel, C: 100 }), test.x).labels, test.labels);
    expect(exact).toBeGreaterThan(0.9);
    expect(accuracy(kernelPredict(model, test.x).labels, test.labels)).toBeGreaterThan(exact - 0.03);
  });

  it('rejects C <= 0', async () => {
    const { x, labels } = blobs(10, 2, 3);
    await expect(nystromFit(x, labels, { kernel: { type: 'linear' }, C: -1 })).rejects.toMatchObject({ code: 'INVALID_C' });
  });
});
