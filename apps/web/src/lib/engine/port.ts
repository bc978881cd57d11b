/** How a page talks to its training engine: a Web Worker in the app, the same engine in-thread in tests. */
export interface Port<To, From> {
  send(message: To, transfer?: Transferable[]): void;
  onMessage(listener: (message: From) => void): void;
  terminate(): void;
}

/**
 * A port over a started worker. The page module still writes `new Worker(new URL(...))` itself: Vite bundles a
 * worker only where that expression stands literally.
 */
export function workerPort<To, From>(worker: Worker): Port<To, From> {
  return {
    send: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => {
      worker.onmessage = (event: MessageEvent<From>) => listener(event.data);
    },
    terminate: () => worker.terminate(),
  };
}

/** An engine as its driver (a worker, or the inline port's timers) sees it: messages in, slices of training. */
export interface Driven<To> {
  readonly running: boolean;
  /** How long to wait before the next slice. */
  readonly delayMs: number;
  handle(message: To): void;
  runSlice(budgetMs?: number): number;
}

/** Hands an engine's outgoing messages to whoever listens (the worker's postMessage, the inline port's listener). */
export type Post<From> = (message: From, transfer?: Transferable[]) => void;

/**
 * The engine on the calling thread, trained by timers: for unit tests and Storybook, where a worker is not
 * available or not wanted. Messages are delivered asynchronously, as a worker would.
 */
export function inlinePort<To, From>(createEngine: (post: Post<From>) => Driven<To>, options: { sliceMs?: number } = {}): Port<To, From> {
  let listener: (message: From) => void = () => {};
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  const engine = createEngine((message) => queueMicrotask(() => !closed && listener(message)));
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
