import { lab, sparseness } from '@aelab/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGITS, digitsTrainerOptions, SPARSENESS_THRESHOLD } from './config.js';
import { loadDigits, PIXELS, splitDigits } from './data.js';
import { codeHistogram, decoderTiles, DigitsEngine, encoderTiles } from './engine.js';
import type { DigitsSnapshot, FromDigits } from './protocol.js';

// The digits the build ships (through the same Vite plugin), so this checks the real data too.
const data = await loadDigits();

describe('the shipped digits', () => {
  it('are 3,000 binary digits, 300 of each class', () => {
    expect(data.count).toBe(3000);
    expect(new Set(data.x)).toEqual(new Set([0, 1]));
    for (let d = 0; d < 10; d++) expect(data.labels.filter((l) => l === d).length).toBe(300);
    // A digit has ink, and not everywhere.
    const ink = data.x.subarray(0, PIXELS).reduce((s, v) => s + v, 0);
    expect(ink).toBeGreaterThan(40);
    expect(ink).toBeLessThan(400);
  });

  it('split 80/20 per class by seed, with one shown digit per class', () => {
    const s = splitDigits(data, 0);
    expect(s.train.length).toBe(2400);
    expect(s.validation.length).toBe(600);
    expect(Array.from(s.showcase, (r) => data.labels[r])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.probe.length).toBe(200);
    expect(new Set([...s.train, ...s.validation]).size).toBe(3000);
    expect(splitDigits(data, 0)).toEqual(s);
    expect(Array.from(splitDigits(data, 1).validation)).not.toEqual(Array.from(s.validation));
  });
});

describe('DigitsEngine', () => {
  function engine(units: number) {
    const sent: FromDigits[] = [];
    let clock = 0;
    const e = new DigitsEngine((m) => sent.push(m), () => clock);
    const split = splitDigits(data, 0);
    e.handle({ type: 'init', generation: 1, options: digitsTrainerOptions({ ...DEFAULT_DIGITS, units, batchSize: 50 }), x: data.x, ...split, tiles: 100 });
    const snapshots = () => sent.filter((m): m is { type: 'snapshot'; snapshot: DigitsSnapshot } => m.type === 'snapshot').map((m) => m.snapshot);
    return { e, snapshots, advance: (ms: number) => (clock += ms) };
  }

  it('sends tiles, a probe with the lab experiment\'s sparseness, and the curve as training goes', () => {
    const { e, snapshots, advance } = engine(16);
    e.handle({ type: 'frame' });
    const first = snapshots().at(-1)!;
    expect(first).toMatchObject({ status: 'idle', steps: 0, tileCount: 16, units: 16, tileSource: 'decoder' });
    expect(first.tiles.length).toBe(16 * PIXELS);
    expect(first.probe!.reconstructions.length).toBe(10 * PIXELS);

    e.handle({ type: 'step', count: 48 }); // one epoch of 2,400 digits at batch 50
    e.handle({ type: 'frame' });
    const after = snapshots().at(-1)!;
    expect(after).toMatchObject({ status: 'paused', steps: 48, epoch: 1, historyFrom: 0 });
    expect(after.history).toHaveLength(1);
    // Untrained, every output sits near 0.5 (RMSE about 0.45 on binary digits); one epoch learns the ink.
    expect(after.history[0]!.valMetrics!.rmse).toBeLessThan(0.35);
    const p = after.probe!;
    expect(p.steps).toBe(48);
    expect(p.sparseness.threshold).toBe(SPARSENESS_THRESHOLD);
    expect(p.histogram.total).toBe(200 * 16);
    expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(200 * 16);

    // While running, the probe comes a few times a second, not with every frame.
    e.handle({ type: 'start' });
    e.runSlice(0);
    e.handle({ type: 'frame' });
    expect(snapshots().at(-1)!.probe).toBeNull();
    advance(1000);
    e.runSlice(0);
    e.handle({ type: 'frame' });
    expect(snapshots().at(-1)!.probe).not.toBeNull();
  });

  it('switches the tiles between output and input weights without a reset', () => {
    const { e, snapshots } = engine(8);
    e.handle({ type: 'step', count: 3 });
    e.handle({ type: 'frame' });
    const drawn = snapshots().at(-1)!;
    e.handle({ type: 'tiles', source: 'encoder' });
    e.handle({ type: 'frame' });
    const looked = snapshots().at(-1)!;
    expect(looked).toMatchObject({ tileSource: 'encoder', steps: 3 });
    expect(Array.from(looked.tiles)).not.toEqual(Array.from(drawn.tiles));
  });

  it('sends no snapshot the page has not asked for', () => {
    const { e, snapshots } = engine(8);
    e.handle({ type: 'step', count: 1 });
    expect(snapshots()).toHaveLength(0);
    e.handle({ type: 'frame' });
    expect(snapshots()).toHaveLength(1);
  });

  it('reports a command before init as an error, not a crash', () => {
    const sent: FromDigits[] = [];
    new DigitsEngine((m) => sent.push(m)).handle({ type: 'start' });
    expect(sent).toEqual([{ type: 'error', code: 'NOT_READY', message: 'the network is not set up yet' }]);
  });
});

describe('tiles and histogram', () => {
  it('takes unit j\'s tile from column j of the [784][units] kernel', () => {
    const units = 3;
    const params = Float32Array.from({ length: 5 + PIXELS * units }, (_, k) => k);
    const tiles = encoderTiles(params, 5, units, 2);
    expect(tiles[0]).toBe(5);
    expect(tiles[1]).toBe(5 + units);
    expect(tiles[PIXELS]).toBe(6);
    expect(tiles[PIXELS + 783]).toBe(5 + 783 * units + 1);
  });

  it('takes unit j\'s output tile from row j of the [units][784] decoder kernel', () => {
    const params = Float32Array.from({ length: 7 + PIXELS * 2 }, (_, k) => k);
    const tiles = decoderTiles(params, 7, 2);
    expect(tiles[0]).toBe(7);
    expect(tiles[PIXELS]).toBe(7 + PIXELS);
    expect(tiles.length).toBe(2 * PIXELS);
  });

  it('bins codes from 0 to the ceiling, and agrees with the shared sparseness on the quiet bin', () => {
    const codes = Float32Array.from([0, 0, 0.01, 0.5, 0.99, 1]);
    const h = codeHistogram(codes, 1, 10);
    expect(h.counts).toEqual([3, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(codeHistogram(Float32Array.from([0, 2, 4]), null, 4)).toMatchObject({ hi: 4, counts: [1, 0, 1, 1] });
    // All ReLU units off: the range still shows the 0.05 threshold.
    expect(codeHistogram(new Float32Array(6), null, 4)).toMatchObject({ hi: 0.1, counts: [6, 0, 0, 0] });
    expect(lab.codeSparseness(codes, 2, 3, 0.05).sparseness).toBe(sparseness(codes, 0.05));
  });
});
