// Latency samples by call, summarised as p50/p99/max.

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  return { count: s.length, p50: quantile(s, 0.5), p99: quantile(s, 0.99), max: s.at(-1) ?? Number.NaN };
}

export class Latencies {
  readonly samples = new Map<string, number[]>();

  async time<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(what, performance.now() - t0);
    }
  }

  add(what: string, ms: number): void {
    const list = this.samples.get(what) ?? [];
    list.push(ms);
    this.samples.set(what, list);
  }

  count(what: string): number {
    return this.samples.get(what)?.length ?? 0;
  }

  summary(what: string): Summary {
    return summarize(this.samples.get(what) ?? []);
  }
}
