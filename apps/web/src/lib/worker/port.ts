import { TrainingEngine } from './engine.js';
import type { FromEngine, ToEngine } from './protocol.js';

/** How the page talks to a training engine: a Web Worker in the app, the same engine in-thread in tests. */
export interface EnginePort {
  send(message: ToEngine, transfer?: Transferable[]): void;
  onMessage(listener: (message: FromEngine) => void): void;
  terminate(): void;
}

export function createWorkerPort(): EnginePort {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'aelab-training' });
  return {
    send: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => {
      worker.onmessage = (event: MessageEvent<FromEngine>) => listener(event.data);
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * The engine on the calling thread, trained by timers: for unit tests and Storybook, where a worker is not
 * available or not wanted. Messages are delivered asynchronously, as a worker would.
 */
export function createInlinePort(options: { sliceMs?: number } = {}): EnginePort {
  let listener: (message: FromEngine) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const engine = new TrainingEngine((message) => queueMicrotask(() => !closed && listener(message)));
  const loop = () => {
    timer = null;
    if (closed) return;
    engine.runSlice(options.sliceMs ?? 8);
    schedule();
  };
  const schedule = () => {
    if (engine.running && timer === null && !closed) timer = setTimeout(loop, engine.delayMs);
  };
  return {
    send: (message) => {
      queueMicrotask(() => {
        if (closed) return;
        engine.handle(message);
        schedule();
      });
    },
    onMessage: (l) => {
      listener = l;
    },
    terminate: () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
