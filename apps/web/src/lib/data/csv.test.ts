import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';

describe('parseCsv', () => {
  it('reads a headed CSV with a label column and scales columns to [0, 1]', () => {
    const r = parseCsv('x,y,label\n0,10,a\n5,20,b\n10,30,a\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.points).toEqual([[0, 0], [0.5, 0.5], [1, 1]]);
    expect(r.data.labels).toEqual([0, 1, 0]);
    expect(r.data.classNames).toEqual(['a', 'b']);
    expect(r.summary).toBe("3 rows, 2 features, 2 labels from column 3 ('label')");
    expect(r.warnings).toContain('columns were scaled to [0, 1]');
  });

  it('keeps values already in [0, 1] and can leave scaling off', () => {
    const r = parseCsv('0.1;0.2\n0.3;0.4');
    expect(r.ok && r.data.points).toEqual([[0.1, 0.2], [0.3, 0.4]]);
    const raw = parseCsv('1\t2\n3\t4', { scale: false });
    expect(raw.ok && raw.data.points).toEqual([[1, 2], [3, 4]]);
  });

  it('finds an unnamed label column of words and sorts numeric labels', () => {
    const r = parseCsv('0.1,0.2,cat\n0.3,0.4,dog\n0.5,0.6,cat');
    expect(r.ok && r.data.labels).toEqual([0, 1, 0]);
    const n = parseCsv('f1,f2,class\n0,0,10\n1,1,2');
    expect(n.ok && n.data.classNames).toEqual(['2', '10']);
    expect(n.ok && n.data.labels).toEqual([1, 0]);
  });

  it('skips blank lines and # comments, and strips quotes', () => {
    const r = parseCsv('# made by hand\n"a","b"\n\n"0.5","0.25"\r\n0,1\n');
    expect(r.ok && r.data.points).toEqual([[0.5, 0.25], [0, 1]]);
  });

  it('explains ragged rows, bad numbers, empty cells and too few columns', () => {
    expect(parseCsv('1,2,3\n4,5\n')).toEqual({ ok: false, error: 'line 2 has 2 values but line 1 has 3' });
    expect(parseCsv('a,b,c\n1,2,3\n4,oops,6\n7,8,9\n10,11,12')).toEqual({ ok: false, error: "line 3, column 2 ('b'): 'oops' is not a number" });
    expect(parseCsv('1,2\n3,\n')).toEqual({ ok: false, error: 'line 2, column 2 is empty' });
    expect(parseCsv('1\n2\n')).toMatchObject({ ok: false, error: expect.stringMatching(/at least 2/) });
    expect(parseCsv('')).toEqual({ ok: false, error: 'the file is empty' });
    expect(parseCsv('x,y\n')).toEqual({ ok: false, error: 'the file has a header but no rows of data' });
  });
});
