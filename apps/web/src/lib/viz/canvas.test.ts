import { describe, expect, it } from 'vitest';
import { formatTick, niceTicks } from './canvas.js';

describe('axis ticks', () => {
  it('picks round steps covering the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.43, 0.61, 4)).toEqual([-0.4, -0.2, 0, 0.2, 0.4, 0.6]);
    expect(niceTicks(0, 300, 4)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('formats ticks briefly', () => {
    expect(formatTick(0.6000000000000001)).toBe('0.6');
    expect(formatTick(0.0001)).toBe('1e-4');
    expect(formatTick(250000)).toBe('3e+5');
    expect(formatTick(0)).toBe('0');
  });
});
