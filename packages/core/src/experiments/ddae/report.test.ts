import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { pngSize, renderHtml } from './report-html.js';
import { renderMarkdown } from './report-md.js';
import { resultsDocument, type RunInfo } from './results.js';
import { ddaeVerdicts, pct, points, resultTables } from './tables.js';
import type { ResultRow } from './types.js';

function info(): RunInfo {
  return {
    status: 'succeeded',
    experiment: 'ddae',
    command: 'aelab reproduce ddae --quick',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:05:00.000Z',
    totalSeconds: 300,
    backend: { name: 'wasm', note: 'auto: no native backend' },
    versions: { node: 'v20.20.2' },
    host: { platform: 'linux', cpus: 2, cpuModel: 'cpu' },
    datasets: [{ dataset: 'mnist', source: 'embedded digits <test>', trainCount: 6000, testCount: 1000, shape: [28, 28, 1], evaluation: 'test', warnings: [] }],
    skipped: [{ dataset: 'usps', reason: 'not found' }],
    notes: ['a note'],
    selections: [{ dataset: 'mnist', model: 'DDAE', seed: 0, params: { C: 100, sigma: 5.123456 }, validationAccuracy: 0.97 }],
    figures: [{ file: 'figures/mnist-DDAE-weights.png', title: 'DDAE weights', dataset: 'mnist', model: 'DDAE', kind: 'weights' }],
    models: [],
  };
}

const rows: ResultRow[] = [
  { model: 'ELM', dataset: 'mnist', seed: 0, trainAccuracy: 0.999, testAccuracy: 0.92, seconds: 1 },
  { model: 'ELM', dataset: 'mnist', seed: 1, trainAccuracy: 0.998, testAccuracy: 0.93, seconds: 1 },
  { model: 'DDAE', dataset: 'mnist', seed: 0, trainAccuracy: 1, testAccuracy: 0.968, seconds: 100 },
  { model: 'DDAE', dataset: 'mnist', seed: 1, trainAccuracy: 1, testAccuracy: 0.964, seconds: 110 },
];

describe('formatting', () => {
  it('prints percentages and signed point gaps', () => {
    expect(pct(0.9631)).toBe('96.31');
    expect(pct(null)).toBe('—');
    expect(points(-0.0094)).toBe('−0.94');
    expect(points(0.001)).toBe('+0.10');
  });
});

describe('reports', () => {
  const config = resolveConfig('quick');
  const doc = resultsDocument(rows, config);

  it('builds one table per dataset with the paper side by side', () => {
    const [t] = resultTables(doc, info());
    expect(t?.title).toMatch(/MNIST/);
    expect(t?.rows.map((r) => r[0])).toEqual(['ELM', 'DDAE']);
    const ddae = t!.rows[1]!;
    expect(ddae[3]).toBe('96.60 ± 0.28');
    expect(ddae[6]).toBe('97.64');
    expect(ddae[8]).toBe('−1.04');
    expect(t!.rows[0]![6]).toBe('92.27 ± 0.52 (best 93.20)');
  });

  it('says whether DDAE is within one standard error of the reference and how far from the paper', () => {
    const [v] = ddaeVerdicts(doc, info());
    // 96.60 vs reference 96.70 with a test-set standard error of 0.56 points on 1,000 digits.
    expect(v).toMatch(/at or above it within one standard error/);
    expect(v).toMatch(/gap −1\.04 points/);
  });

  it('renders markdown with tables, figures, selections and config', () => {
    const md = renderMarkdown(doc, info());
    expect(md).toMatch(/^# DDAE reproduction \(quick\)/);
    expect(md).toContain('| model | runs | train % | test % |');
    expect(md).toContain('![DDAE weights](figures/mnist-DDAE-weights.png)');
    expect(md).toContain('C 100, sigma 5.123');
    expect(md).toContain('usps: not found');
    expect(md).toContain('"mode": "quick"');
  });

  it('renders self-contained HTML with the figure inlined and text escaped', () => {
    const png = new Uint8Array([137, 80, 78, 71]);
    const html = renderHtml(doc, { ...info(), status: 'interrupted' }, new Map([['figures/mnist-DDAE-weights.png', png]]));
    expect(html).toContain('src="data:image/png;base64,iVBORw=="');
    expect(html).toContain('embedded digits &lt;test&gt;');
    expect(html).toContain('<b>interrupted</b>');
    expect(html.match(/<table/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/src="(?!data:)/);
  });

  it('reads a PNG size from its header', () => {
    const header = new Uint8Array(24);
    header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 35, 0, 0, 0, 31]);
    expect(pngSize(header)).toEqual({ width: 291, height: 31 });
    expect(pngSize(new Uint8Array(4))).toBeNull();
  });
});
