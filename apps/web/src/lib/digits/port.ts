import { inlinePort, workerPort, type Port } from '../engine/port.js';
import { DigitsEngine } from './engine.js';
import type { FromDigits, ToDigits } from './protocol.js';

/** How the digits lab talks to its training engine. */
export type DigitsPort = Port<ToDigits, FromDigits>;

export function createDigitsWorkerPort(): DigitsPort {
  return workerPort(new Worker(new URL('./digits.worker.ts', import.meta.url), { type: 'module', name: 'aelab-digits' }));
}

/** The lab's engine on the calling thread, for unit tests and stories. */
export function createDigitsInlinePort(options: { sliceMs?: number } = {}): DigitsPort {
  return inlinePort((post) => new DigitsEngine(post), options);
}
