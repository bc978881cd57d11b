import { DigitsEngine } from './engine.js';
import type { FromDigits, ToDigits } from './protocol.js';

/** How the lab talks to its engine: a Web Worker in the app, the same engine in-thread in tests and stories. */
export interface DigitsPort {
  send(message: ToDigits, transfer?: Transferable[]): void;
  onMessage(listener: (message: FromDigits) => void): void;
  terminate(): void;
}

export function createDigitsWorkerPort(): DigitsPort {
  const worker = new Worker(new URL('./digits.worker.ts', import.meta.url), { type: 'module', name: 'aelab-digits' });
  return {
    send: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => {
      worker.onmessage = (event: MessageEvent<FromDigits>) => listener(event.data);
    },
    terminate: () => worker.terminate(),
  };
}

/** The engine on the calling thread, trained by timers (messages delivered asynchronously, as a worker's). */
export function createDigitsInlinePort(options: { sliceMs?: number } = {}): DigitsPort {
  let listener: (message: FromDigits) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const engine = new DigitsEngine((message) => queueMicrotask(() => !closed && listener(message)));
  const loop = () => {
    timer = null;
    if (closed) return;
    engine.runSlice(options.sliceMs ?? 8);
    schedule();
  };
  const schedule = () => {
    if (engine.running && timer === null && !closed) timer = setTimeout(loop, 0);
  };
  return {
    send: (message) =>
      queueMicrotask(() => {
        if (closed) return;
        engine.handle(message);
        schedule();
      }),
    onMessage: (l) => {
      listener = l;
    },
    terminate: () => {
      closed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
