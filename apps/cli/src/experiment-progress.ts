import { formatDuration, type ExperimentEvent, type ProgressSnapshot } from '@aelab/core';
import { info } from './output.js';

/** An experiment's progress for people on stderr: one rewritten line on a terminal, plain lines (throttled) otherwise. */
export function progressPrinter(): { onEvent: (e: ExperimentEvent) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  let live = false;
  const tail = (p: ProgressSnapshot) => `${(p.fraction * 100).toFixed(0)}%${p.etaSeconds !== null ? ` ETA ${formatDuration(p.etaSeconds)}` : ''}`;
  const status = (text: string, force = false) => {
    if (tty) {
      const width = process.stderr.columns ?? 100;
      process.stderr.write(`\r\x1b[K${text.slice(0, width - 1)}`);
      live = true;
    } else if (force || performance.now() - lastLine > 5000) {
      process.stderr.write(`${text}\n`);
      lastLine = performance.now();
    }
  };
  const line = (text: string) => {
    if (live) process.stderr.write('\r\x1b[K');
    live = false;
    info(text);
  };
  let current = '';
  return {
    onEvent(e) {
      switch (e.type) {
        case 'note':
          line(e.message);
          break;
        case 'plan':
          line(`${e.jobs.length} jobs planned${e.finished.length > 0 ? `, ${e.finished.length} finished before` : ''}`);
          break;
        case 'job-start':
          current = `[${e.index + 1}/${e.total}] ${e.job.title}`;
          status(`${current} — ${tail(e.progress)}`, true);
          break;
        case 'job-progress': {
          const u = e.update;
          if (u.epoch) {
            const ep = u.epoch;
            status(`${current}: level ${ep.level}/${ep.levels} epoch ${ep.epoch}/${ep.epochs} loss ${ep.loss.toPrecision(4)} — ${tail(e.progress)}`, ep.epoch === ep.epochs);
          } else if (u.stage) {
            status(`${current}: ${u.stage} — ${tail(e.progress)}`);
          }
          break;
        }
        case 'job-end':
          if (e.reused) break;
          line(`${e.job.title}: ${e.status}${e.error ? ` (${e.error.message})` : ''} in ${e.seconds.toFixed(1)} s${describeResult(e.result)} — ${tail(e.progress)}`);
          break;
        default:
          break;
      }
    },
    end() {
      if (live) process.stderr.write('\r\x1b[K');
      live = false;
    },
  };
}

/** Rows with accuracies (the DDAE tables) get their test accuracy on the job's line. */
function describeResult(result: unknown): string {
  const rows = (result as { rows?: { seed: number; testAccuracy?: number }[] } | undefined)?.rows;
  if (!Array.isArray(rows) || rows.length === 0) return '';
  const accs = rows.filter((r) => typeof r.testAccuracy === 'number').map((r) => `${(r.testAccuracy! * 100).toFixed(2)}%`);
  return accs.length > 0 ? `, test ${accs.join(' ')}` : '';
}
