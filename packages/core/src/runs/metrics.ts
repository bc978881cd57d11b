const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The final numbers of what a training run returned (`runTraining`'s `results` on the held-out split) as
 * `testLoss`, `testRmse`, `testAccuracy`, `testSparseness`... (`train...` when the data had no test split). The
 * server's run metrics and a local sweep's table use these names.
 */
export function resultMetrics(result: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const results = (result as { results?: unknown } | null | undefined)?.results;
  if (!results || typeof results !== 'object') return out;
  const prefix = (results as { split?: unknown }).split === 'train' ? 'train' : 'test';
  for (const [k, v] of Object.entries(results)) {
    if (k === 'count') continue;
    // Measures reported with their parameter (`sparseness: {threshold, value}`) count by their value.
    const measured = v && typeof v === 'object' && !Array.isArray(v) ? (v as { value?: unknown }).value : v;
    if (typeof measured === 'number' && Number.isFinite(measured)) out[`${prefix}${cap(k)}`] = measured;
  }
  return out;
}
