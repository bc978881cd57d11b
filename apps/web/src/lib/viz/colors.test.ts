import { describe, expect, it } from 'vitest';
import { classColor, CLASS_COLORS, divergingColor, formatValue, maxAbs, sequentialColor } from './colors.js';

describe('colour scales', () => {
  it('diverges from white at zero to blue and red, saturating at the limit', () => {
    expect(divergingColor(0, 1)).toBe('rgb(247,247,247)');
    expect(divergingColor(-1, 1)).toBe('rgb(33,102,172)');
    expect(divergingColor(5, 1)).toBe('rgb(178,24,43)');
    expect(divergingColor(0.5, 1)).toBe('rgb(213,136,145)');
    expect(divergingColor(Number.NaN, 1)).toBe('#888');
  });

  it('runs the sequential scale from dark to yellow over [0, 1]', () => {
    expect(sequentialColor(0)).toBe('rgb(68,1,84)');
    expect(sequentialColor(1)).toBe('rgb(253,231,37)');
    expect(sequentialColor(2)).toBe(sequentialColor(1));
  });

  it('cycles class colours', () => {
    expect(classColor(0)).toBe(CLASS_COLORS[0]);
    expect(classColor(CLASS_COLORS.length + 2)).toBe(CLASS_COLORS[2]);
  });

  it('finds the largest magnitude and formats values', () => {
    expect(maxAbs([0.5, -2, 1])).toBe(2);
    expect(maxAbs([0, 0])).toBe(1e-6);
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(-2)).toBe('-2');
    expect(formatValue(1.5e-7)).toBe('1.500e-7');
    expect(formatValue(0)).toBe('0');
  });
});
