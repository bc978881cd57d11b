/** A config as `path -> value` leaves: `training.learningRate`, `model.layers[1].units`. */
export function flattenConfig(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(prefix, []);
    value.forEach((v, i) => flattenConfig(v, `${prefix}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0 && prefix !== '') out.set(prefix, {});
    for (const [k, v] of entries) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

export interface DiffRow {
  path: string;
  /** One per config, as displayed; `undefined` where that config has no such field. */
  values: (string | undefined)[];
  /** Not all configs agree (a missing field counts as different). */
  differs: boolean;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Every field of two or more configs side by side, in the order they first appear, marked where the configs
 * disagree. Configs from `runs.get` have their defaults filled in, so a field set in one run and left to its
 * default in another still compares value to value.
 */
export function diffConfigs(configs: unknown[]): DiffRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) {
    for (const p of f.keys()) {
      if (!seen.has(p)) {
        seen.add(p);
        paths.push(p);
      }
    }
  }
  return paths.map((path) => {
    const values = flat.map((f) => (f.has(path) ? show(f.get(path)) : undefined));
    return { path, values, differs: values.some((v) => v !== values[0]) };
  });
}
