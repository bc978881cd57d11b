/** What a metric key means, in words: `testRmse` -> `test RMSE`, `valTerms.l2Weights` -> `validation loss term: l2 weights`. */
export function metricLabel(name: string): string {
  const term = /^(val)?[Tt]erms\.(.+)$/.exec(name);
  if (term) return `${term[1] ? 'validation ' : ''}loss term: ${words(term[2]!)}`;
  const scoped = /^(test|train|val)([A-Z].*)$/.exec(name);
  if (scoped) return `${SCOPES[scoped[1]!]} ${base(lowerFirst(scoped[2]!))}`;
  return base(name);
}

const SCOPES: Record<string, string> = { test: 'test', train: 'training', val: 'validation' };

const BASES: Record<string, string> = {
  rmse: 'RMSE',
  mse: 'MSE',
  loss: 'loss',
  accuracy: 'accuracy',
  sparseness: 'sparseness (share of quiet code units)',
  samplesPerSecond: 'samples per second',
  epochMs: 'ms per epoch',
};

function base(name: string): string {
  return BASES[name] ?? words(name);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** `l2Weights` -> `l2 weights`. */
function words(s: string): string {
  return s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
