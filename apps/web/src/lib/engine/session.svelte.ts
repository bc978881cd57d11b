import type { EpochRecord, StopReason } from '@aelab/core';
import { ThinnedCurve } from './curve.js';
import type { Port } from './port.js';
import type { Commands, EngineInit, Progress, Replies, SessionStatus } from './protocol.js';

export const STOP_MESSAGES: Record<StopReason, string> = {
  completed: 'Stopped: reached the maximum number of epochs.',
  'early-stopping': 'Stopped: the validation loss stopped improving (early stopping).',
  converged: 'Stopped: the loss changed by less than the convergence epsilon.',
  'max-steps': 'Stopped: reached the maximum number of steps.',
  diverged: 'Stopped: the loss is no longer a finite number (try a smaller learning rate).',
  aborted: 'Stopped.',
};

/**
 * A training session as a page sees it: where the last snapshot from the engine (in a worker) left training, and the
 * shared commands. The next snapshot is asked for only after the page has applied the last, at most once per
 * animation frame. Subclasses send their init and keep their snapshot's payload.
 */
export abstract class EngineSession<Init extends EngineInit, Extra, S extends Progress, ExtraReply = never> {
  status = $state<SessionStatus>('idle');
  stopReason = $state<StopReason | null>(null);
  steps = $state(0);
  epoch = $state(0);
  stepsPerSecond = $state(0);
  history = $state.raw<EpochRecord[]>([]);
  error = $state<string | null>(null);
  /** Snapshots applied so far (tests and the perf scripts read it). */
  frames = $state(0);

  protected port: Port<Commands<Init, Extra>, Replies<S, ExtraReply>> | null = null;
  /** Counts setups, so snapshots from before the last one are dropped. */
  protected generation = 0;
  private readonly curve: ThinnedCurve;

  /** `maxHistory`: how many epochs the curve keeps at most (thinned evenly beyond). */
  constructor(
    private readonly createPort: () => Port<Commands<Init, Extra>, Replies<S, ExtraReply>>,
    private readonly nextFrame: (callback: () => void) => void = defaultNextFrame,
    maxHistory = Infinity,
  ) {
    this.curve = new ThinnedCurve(maxHistory);
  }

  get stopMessage(): string | null {
    return this.stopReason ? STOP_MESSAGES[this.stopReason] : null;
  }

  start(): void {
    this.port?.send({ type: 'start' });
  }

  pause(): void {
    this.port?.send({ type: 'pause' });
  }

  step(count = 1): void {
    this.port?.send({ type: 'step', count });
  }

  dispose(): void {
    this.port?.terminate();
    this.port = null;
  }

  /** Clears the shared state for a fresh network and opens the port if need be; the caller sends the init next. */
  protected restart(): Port<Commands<Init, Extra>, Replies<S, ExtraReply>> {
    if (!this.port) {
      this.port = this.createPort();
      this.port.onMessage((m) => this.receive(m));
    }
    this.history = [];
    this.steps = 0;
    this.epoch = 0;
    this.status = 'idle';
    this.stopReason = null;
    this.stepsPerSecond = 0;
    this.error = null;
    this.generation += 1;
    return this.port;
  }

  /** Keeps a snapshot's own payload (the shared fields are already applied). */
  protected abstract show(snapshot: S): void;

  /** Snapshots and problems; a subclass takes its own replies first and passes the rest here. */
  protected receive(message: Replies<S, ExtraReply>): void {
    const m = message as Replies<S>;
    if (m.type === 'error') this.error = `${m.message} [${m.code}]`;
    else if (m.type === 'snapshot') {
      if (m.snapshot.generation === this.generation) this.apply(m.snapshot);
      this.nextFrame(() => this.port?.send({ type: 'frame' }));
    }
  }

  private apply(s: S): void {
    this.status = s.status;
    this.stopReason = s.stopReason;
    this.steps = s.steps;
    this.epoch = s.epoch;
    this.stepsPerSecond = s.stepsPerSecond;
    if (s.historyFrom === 0) this.curve.reset();
    if (s.historyFrom === 0 || s.history.length > 0) this.history = this.curve.add(s.history);
    this.show(s);
    this.frames += 1;
  }
}

function defaultNextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
}
