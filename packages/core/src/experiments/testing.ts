// Test support for the experiments' tests: a run's environment and facts, and PNG bytes a report can size.
import type { RunFacts } from './experiment.js';
import type { RunEnvironment } from './runner.js';

/** Where a test's run happens, as the runner records it. */
export function testEnvironment(backend = 'cpu'): RunEnvironment {
  return { command: 'test', backend: { name: backend, note: '' }, versions: {}, host: { platform: 'test', cpus: 1, cpuModel: 'test' } };
}

/** A finished run's facts for rendering a report without running anything. */
export function testRunFacts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    status: 'succeeded',
    command: 'aelab reproduce --quick',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:05:00.000Z',
    totalSeconds: 300,
    backend: { name: 'wasm', note: 'auto: no native backend' },
    versions: { node: 'v20.20.2' },
    host: { platform: 'linux', cpus: 2, cpuModel: 'cpu' },
    notes: [],
    ...overrides,
  };
}

/** The first 24 bytes of a PNG of the given size: all a report reads of it. */
export function pngHeader(width: number, height: number): Uint8Array {
  const header = new Uint8Array(24);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const view = new DataView(header.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return header;
}
