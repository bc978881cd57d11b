import { describe, expect, it } from 'vitest';
import { recordedRun } from '../../stories/runs.js';
import { figureTitle, formatBytes, groupArtifacts, isPreviewable } from './artifacts.js';

describe('groupArtifacts', () => {
  it('sorts a recorded MNIST run into figures (weights first), reports, files and checkpoint', () => {
    const g = groupArtifacts(recordedRun('mnist-9').artifacts);
    expect(g.figures.map((a) => a.path)).toEqual(['images/weights.png', 'images/reconstructions.png']);
    expect(g.reports.map((a) => a.path).sort()).toEqual(['results.json', 'summary.json']);
    expect(g.files.map((a) => a.path)).toEqual(expect.arrayContaining(['config.json', 'metrics.csv', 'model/model.json', 'model/weights.bin']));
    expect(g.checkpoints.length).toBeGreaterThan(0);
    expect(g.inProgress).toBe(false);
  });

  it('keeps snapshots apart and notices files still being written', () => {
    const run = recordedRun('fixture-dense2d');
    const g = groupArtifacts(run.artifacts.map((a, i) => (i === 0 ? { ...a, complete: false } : a)));
    expect(g.snapshots.length).toBe(run.artifacts.filter((a) => a.path.startsWith('snapshots/')).length);
    expect(g.figures.map((a) => a.path)).toEqual(['images/codes.png']);
    expect(g.inProgress).toBe(true);
  });
});

describe('labels', () => {
  it('names figures and sizes', () => {
    expect(figureTitle('images/weights.png')).toBe('Weights (first layer)');
    expect(figureTitle('images/reconstructions.png')).toBe('Inputs over reconstructions');
    expect(figureTitle('images/extra.png')).toBe('extra.png');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2150)).toBe('2.1 KiB');
    expect(formatBytes(45_000)).toBe('44 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });

  it('previews small text reports only', () => {
    const [results] = recordedRun('mnist-9').artifacts.filter((a) => a.path === 'results.json');
    expect(isPreviewable(results!)).toBe(true);
    expect(isPreviewable({ ...results!, size: 1e6 })).toBe(false);
    expect(isPreviewable({ ...results!, mediaType: 'application/octet-stream' })).toBe(false);
  });
});
