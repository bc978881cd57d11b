import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumn } from './json-position.js';

describe('jsonErrorOffset', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e-3, true, false, null, "x\\n\\u00e9"], "b": {}} ', '0', '"s"']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(jsonErrorOffset(text), text).toBeNull();
    }
  });

  it('points at the first character that breaks the text, as JSON.parse rejects it', () => {
    const cases: [string, number][] = [
      ['{"a": }', 6],
      ['{"a": 1,}', 8],
      ['{"a" 1}', 5],
      ['[1 2]', 3],
      ['{a: 1}', 1],
      ["{'a': 1}", 1],
      ['{"a": tru}', 9],
      ['{"a": 01}', 7],
      ['{"a": "x', 8],
      ['{"a": 1} x', 9],
      ['', 0],
      ['{"a": [1, 2', 11],
      ['{"a": "\\q"}', 8],
    ];
    for (const [text, offset] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(jsonErrorOffset(text), text).toBe(offset);
    }
  });
});

describe('lineColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
