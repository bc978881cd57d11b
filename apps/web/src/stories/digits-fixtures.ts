import { LiteTrainer, type LiteDataset } from '@aelab/core';
import { digits } from 'virtual:aelab-digits';
import { DEFAULT_DIGITS, digitsTrainerOptions, type DigitsConfig } from '../lib/digits/config.js';
import { PIXELS, splitDigits, unpackDigits } from '../lib/digits/data.js';
import { encoderTiles, probe } from '../lib/digits/engine.js';
import { gatherRows } from '../lib/data/dataset.js';
import type { DigitsProbe } from '../lib/digits/protocol.js';

/**
 * Digits lab views from real parts: the digits the build ships and short, seeded lite-trainer runs on them (small
 * nets and few updates, so a story renders in well under a second).
 */
export interface DigitsViews {
  tiles: Float32Array;
  tileCount: number;
  units: number;
  originals: Float32Array;
  probe: DigitsProbe;
}

const data = unpackDigits(digits);
const split = splitDigits(data, 0);
const rows = (r: Uint32Array): LiteDataset => ({ x: gatherRows(data.x, PIXELS, r), count: r.length, dim: PIXELS });
const cache = new Map<string, DigitsViews>();

export function digitsViews(overrides: Partial<DigitsConfig>, steps: number): DigitsViews {
  const config = { ...DEFAULT_DIGITS, ...overrides };
  const key = `${JSON.stringify(config)}:${steps}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = new LiteTrainer(digitsTrainerOptions(config), rows(split.train));
  t.run(steps);
  const layer = t.net.layers[0]!;
  const tileCount = Math.min(100, layer.units);
  const views = {
    tiles: encoderTiles(t.net.params, layer.kernelOffset, layer.units, tileCount),
    tileCount,
    units: layer.units,
    originals: gatherRows(data.x, PIXELS, split.showcase),
    probe: probe(t, rows(split.showcase), rows(split.probe)),
  };
  cache.set(key, views);
  return views;
}

/** The views the stories show: a small net untrained, trained a little, and trained with an L1 activity penalty. */
export const untrainedDigits = () => digitsViews({ units: 24 }, 0);
export const trainedDigits = () => digitsViews({ units: 24 }, 300);
export const l1Digits = () => digitsViews({ units: 24, penalty: 'L1', form: 'activity', lambda: 1e-4 }, 300);
