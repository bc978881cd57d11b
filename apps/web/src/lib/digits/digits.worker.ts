/// <reference lib="webworker" />
import { DigitsEngine } from './engine.js';
import type { ToDigits } from './protocol.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = new DigitsEngine((message, transfer) => scope.postMessage(message, transfer ?? []));

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
    tick.port2.postMessage(null);
  }
}

scope.onmessage = (event: MessageEvent<ToDigits>) => {
  engine.handle(event.data);
  schedule();
};
