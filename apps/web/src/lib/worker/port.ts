import { inlinePort, workerPort, type Port } from '../engine/port.js';
import { TrainingEngine } from './engine.js';
import type { FromEngine, ToEngine } from './protocol.js';

/** How the playground talks to its training engine. */
export type EnginePort = Port<ToEngine, FromEngine>;

export function createWorkerPort(): EnginePort {
  return workerPort(new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'aelab-training' }));
}

/** The playground's engine on the calling thread, for unit tests and Storybook. */
export function createInlinePort(options: { sliceMs?: number } = {}): EnginePort {
  return inlinePort((post) => new TrainingEngine(post), options);
}
