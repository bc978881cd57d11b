import { describe, expect, it } from 'vitest';
import { expNonPositive } from './fastexp.js';

describe('expNonPositive', () => {
  it('agrees with Math.exp to 1e-9 relative down to exp(-700), far below what float32 keeps', () => {
    let worst = 0;
    for (let x = 0; x > -700; x -= 0.0137) worst = Math.max(worst, Math.abs(expNonPositive(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(1e-9);
  });

  it('is exact at 0 and goes to 0 far out', () => {
    expect(expNonPositive(0)).toBe(1);
    expect(expNonPositive(-1e6)).toBe(0);
    expect(expNonPositive(-Infinity)).toBe(0);
  });
});
