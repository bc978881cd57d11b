import { describe, expect, it } from 'vitest';
import { labelHistogram } from './stats.js';

describe('labelHistogram', () => {
  it('counts records per class and ignores labels out of range', () => {
    expect(labelHistogram(Int32Array.of(0, 2, 2, 1, 2, 7), 3)).toEqual([1, 1, 3]);
  });
});
