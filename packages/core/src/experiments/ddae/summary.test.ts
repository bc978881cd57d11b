import { describe, expect, it } from 'vitest';
import { summarize } from './summary.js';
import type { ResultRow } from './types.js';

const row = (model: ResultRow['model'], dataset: ResultRow['dataset'], seed: number, train: number, test: number, seconds = 1): ResultRow => ({
  model,
  dataset,
  seed,
  trainAccuracy: train,
  testAccuracy: test,
  seconds,
});

describe('summarize', () => {
  it('groups by dataset then model in the paper order, with mean, sample std and the best run', () => {
    const rows = [
      row('DDAE', 'mnist', 0, 1, 0.96, 10),
      row('ELM', 'usps', 1, 0.99, 0.93),
      row('ELM', 'usps', 0, 0.98, 0.95),
      row('ELM', 'usps', 2, 0.97, 0.91),
      row('DDAE', 'mnist', 1, 1, 0.98, 30),
    ];
    const s = summarize(rows);
    expect(s.map((e) => `${e.dataset}/${e.model}`)).toEqual(['usps/ELM', 'mnist/DDAE']);
    const elm = s[0]!;
    expect(elm.seeds).toEqual([1, 0, 2]);
    expect(elm.testAccuracy.mean).toBeCloseTo(0.93, 12);
    expect(elm.testAccuracy.std).toBeCloseTo(0.02, 12);
    expect(elm.testAccuracy.stderr).toBeCloseTo(0.02 / Math.sqrt(3), 12);
    expect(elm.testAccuracy.best).toBe(0.95);
    expect(elm.trainAccuracy.best).toBe(0.99);
    // The best run is the one with the best test accuracy; its training accuracy goes with it.
    expect(elm.best).toEqual({ seed: 0, trainAccuracy: 0.98, testAccuracy: 0.95 });
    expect(elm.paper).toEqual({ trainAccuracy: 0.9978, testAccuracy: 0.937 });
    expect(elm.gapToPaper).toBeCloseTo(0.93 - 0.937, 12);
    const ddae = s[1]!;
    expect(ddae.seconds).toEqual({ mean: 20, total: 40 });
    expect(ddae.gapToPaper).toBeCloseTo(0.97 - 0.9764, 12);
    expect(ddae.reference?.testAccuracy).toBe(0.967);
  });

  it('has no paper figure for the full MNIST table', () => {
    const [e] = summarize([row('KELM', 'mnist-full', 0, 0.99, 0.97)]);
    expect(e?.paper).toBeNull();
    expect(e?.gapToPaper).toBeNull();
    expect(e?.testAccuracy.std).toBe(0);
  });
});
