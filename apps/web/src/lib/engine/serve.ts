/// <reference lib="webworker" />
import type { Driven, Post } from './port.js';

/**
 * Runs an engine inside a dedicated worker: messages in go to `handle`, and while it runs, slices follow one another
 * with a yield to incoming messages in between. `createEngine` gets the worker's `postMessage`.
 */
export function serveEngine<To, From>(createEngine: (post: Post<From>) => Driven<To>): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  const engine = createEngine((message, transfer) => scope.postMessage(message, transfer ?? []));

  // setTimeout(0) is clamped to 4 ms once nested; a MessageChannel ping yields to incoming messages without that gap.
  const tick = new MessageChannel();
  let scheduled = false;
  tick.port1.onmessage = () => {
    scheduled = false;
    engine.runSlice();
    schedule();
  };

  function schedule(): void {
    if (engine.running && !scheduled) {
      scheduled = true;
      const delay = engine.delayMs;
      if (delay > 0) setTimeout(() => tick.port2.postMessage(null), delay);
      else tick.port2.postMessage(null);
    }
  }

  scope.onmessage = (event: MessageEvent<To>) => {
    engine.handle(event.data);
    schedule();
  };
}
