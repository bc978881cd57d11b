import type { Artifact } from '@aelab/server';

export interface ArtifactGroups {
  /** Pictures: weight maps, reconstructions, code scatters. */
  figures: Artifact[];
  /** results.json, summary.json and other reports. */
  reports: Artifact[];
  /** Model files, metrics tables, the config: downloads. */
  files: Artifact[];
  /** Weight/code snapshots taken during training (many small files). */
  snapshots: Artifact[];
  /** Checkpoint state: only the server's resume uses it. */
  checkpoints: Artifact[];
  /** Some file is still being written, or was left by a run that died. */
  inProgress: boolean;
}

const FIGURE_ORDER = ['weights', 'reconstructions', 'reconstructions-before-fine-tuning', 'codes'];

function figureRank(a: Artifact): number {
  const base = a.path.split('/').pop()!.replace(/\.[^.]+$/, '');
  const i = FIGURE_ORDER.indexOf(base);
  return i === -1 ? FIGURE_ORDER.length : i;
}

export function groupArtifacts(artifacts: Artifact[]): ArtifactGroups {
  const g: ArtifactGroups = { figures: [], reports: [], files: [], snapshots: [], checkpoints: [], inProgress: false };
  for (const a of artifacts) {
    if (!a.complete) g.inProgress = true;
    if (a.kind === 'figure' && a.mediaType.startsWith('image/')) g.figures.push(a);
    else if (a.kind === 'report') g.reports.push(a);
    else if (a.kind === 'snapshot') g.snapshots.push(a);
    else if (a.kind === 'checkpoint') g.checkpoints.push(a);
    else g.files.push(a);
  }
  g.figures.sort((a, b) => figureRank(a) - figureRank(b) || a.path.localeCompare(b.path));
  return g;
}

const TITLES: Record<string, string> = {
  weights: 'Weights (first layer)',
  reconstructions: 'Inputs over reconstructions',
  // A fine-tuned classifier's decoders are stale; its only meaningful reconstructions are the pre-trained stack's.
  'reconstructions-before-fine-tuning': "Inputs over the pre-trained stack's reconstructions (before fine-tuning)",
  codes: 'Codes',
};

/** `images/weights.png` -> `Weights (first layer)`; other files keep their name. */
export function figureTitle(path: string): string {
  const base = path.split('/').pop()!;
  return TITLES[base.replace(/\.[^.]+$/, '')] ?? base;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Reports small enough to show inline as text (JSON, Markdown, CSV). */
export function isPreviewable(a: Artifact): boolean {
  return a.size <= 64 * 1024 && /^(application\/json|text\/)/.test(a.mediaType);
}
