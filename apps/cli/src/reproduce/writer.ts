import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReproduceConfig } from './config.js';
import { ReproduceError } from './errors.js';
import { renderHtml } from './report-html.js';
import { renderMarkdown } from './report-md.js';
import { resultsDocument, type DatasetInfo, type Figure, type ResultsDocument, type RunInfo, type Selection } from './results.js';
import type { ModelName, ResultRow, TableDataset } from './types.js';

/** Writes a file in one step (temp name, then rename), so a reader or a Ctrl-C never sees half of it. */
async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/**
 * The output directory of a reproduction: results.json, run.json, report.md, report.html, figures/ and models/.
 * Every `flush` rewrites the documents from what has been recorded, so a stopped run keeps its finished rows.
 * Nothing is written before the first flush, so a run that fails on its options or data leaves no directory.
 */
export class ReportWriter {
  readonly rows: ResultRow[] = [];
  private readonly images = new Map<string, Uint8Array>();
  private readonly startedMs = performance.now();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    readonly outDir: string,
    readonly config: ReproduceConfig,
    readonly info: RunInfo,
  ) {}

  /** Fails early when the output path is taken by a file; the directory itself appears with the first flush. */
  async check(): Promise<void> {
    const s = await stat(this.outDir).catch(() => null);
    if (s && !s.isDirectory()) throw new ReproduceError('OUTPUT_DIR', `output path ${this.outDir} exists and is not a directory`);
  }

  document(): ResultsDocument {
    return resultsDocument(this.rows, this.config);
  }

  addRow(row: ResultRow): void {
    this.rows.push(row);
  }

  addDataset(info: DatasetInfo): void {
    this.info.datasets.push(info);
  }

  addSkip(dataset: string, reason: string): void {
    this.info.skipped.push({ dataset, reason });
  }

  addNote(message: string): void {
    if (!this.info.notes.includes(message)) this.info.notes.push(message);
  }

  addSelection(selection: Selection): void {
    this.info.selections.push(selection);
  }

  async addFigure(figure: Figure, png: Uint8Array): Promise<void> {
    this.images.set(figure.file, png);
    this.info.figures.push(figure);
    await writeAtomic(join(this.outDir, figure.file), png);
  }

  addModel(file: string, dataset: TableDataset, model: ModelName, seed: number): void {
    this.info.models.push({ file, dataset, model, seed });
  }

  setStatus(status: RunInfo['status']): void {
    this.info.status = status;
    if (status !== 'running') this.info.finishedAt = new Date().toISOString();
  }

  /** Rewrites results.json, run.json, report.md and report.html; calls are serialised. */
  flush(): Promise<void> {
    this.pending = this.pending.then(() => this.writeAll());
    return this.pending;
  }

  private async writeAll(): Promise<void> {
    try {
      await mkdir(this.outDir, { recursive: true });
    } catch (err) {
      throw new ReproduceError('OUTPUT_DIR', `cannot create output directory ${this.outDir}: ${(err as Error).message}`);
    }
    this.info.totalSeconds = (performance.now() - this.startedMs) / 1000;
    const doc = this.document();
    await writeAtomic(join(this.outDir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
    await writeAtomic(join(this.outDir, 'run.json'), `${JSON.stringify(this.info, null, 2)}\n`);
    await writeAtomic(join(this.outDir, 'report.md'), renderMarkdown(doc, this.info));
    await writeAtomic(join(this.outDir, 'report.html'), renderHtml(doc, this.info, this.images));
  }
}
