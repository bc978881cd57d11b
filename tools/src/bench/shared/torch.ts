import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '../../report.js';
import { median, speed, type Epoch } from './timing.js';

/**
 * The `pytorch` row of `pnpm bench ae --torch` (ae_torch.py; `bench conv` passes conv_torch.py) in a child python3 (AELAB_PYTHON to pick another; same
 * environment, so the same
 * OpenBLAS settings), median of `repeat` epochs. Returns why not when python3 or torch is missing.
 */
export function torchRow(samples: number, threads: number, repeat: number, scriptName = 'ae_torch.py'): { row: Row; epochs: Epoch[]; detail: string } | { reason: string } {
  const script = join(dirname(fileURLToPath(import.meta.url)), '..', scriptName);
  const python = process.env.AELAB_PYTHON ?? 'python3';
  const r = spawnSync(python, [script, String(samples), String(threads), String(repeat)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error) return { reason: `${python} did not run: ${r.error.message}` };
  if (r.status !== 0) return { reason: `${python} ${script} failed: ${r.stderr.trim().split('\n').pop() ?? ''}` };
  const { epochs, detail } = JSON.parse(r.stdout) as { epochs: Epoch[]; detail: string };
  for (const [i, e] of epochs.entries()) process.stderr.write(`  pytorch epoch ${i + 1}/${repeat}: ${e.seconds.toFixed(2)} s = ${Math.round(samples / e.seconds)}/s, loss ${e.loss.toFixed(4)}\n`);
  const seconds = median(epochs.map((e) => e.seconds));
  return { row: { backend: 'pytorch', threads, samples, ...speed(samples, seconds) }, epochs, detail };
}
