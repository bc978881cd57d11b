import type { LiteTrainer } from '@aelab/core';
import type { Driven, Post } from './port.js';
import type { Commands, Control, EngineInit, Progress, Replies, SessionStatus } from './protocol.js';

/** How long one burst of training runs before the engine looks at its messages again. */
const SLICE_MS = 12;

export interface LoopOptions {
  /** Updates between clock reads inside a slice: more for cheap updates, one when a single update takes milliseconds. */
  stepsPerCheck: number;
  /** The window the steps-per-second readout averages over. */
  rateWindowMs: number;
}

/**
 * The training loop every in-browser engine shares, independent of how messages travel (a Web Worker wraps it,
 * tests drive it directly). Training runs in slices; between slices the engine answers messages, and it sends a
 * snapshot only when the page has asked for one (`frame`), so drawing never queues behind training. A speed limit,
 * when set, paces the slices. Subclasses build the trainer from their init, handle their own commands and say what
 * a snapshot carries.
 */
export abstract class SlicedEngine<Init extends EngineInit, Extra extends { type: string }, S extends Progress, ExtraReply = never> implements Driven<Commands<Init, Extra>> {
  protected trainer: LiteTrainer | null = null;
  protected init: Init | null = null;
  protected status: SessionStatus = 'idle';
  private frameWanted = false;
  private dirty = false;
  private historySent = 0;
  private rate = { steps: 0, since: 0, value: 0 };
  /** Speed limit (steps per second) and the steps it currently allows. */
  private maxRate: number | null = null;
  private allowance = 0;
  private lastTick = 0;

  /** How this engine's updates are paced inside a slice. */
  protected abstract readonly loop: LoopOptions;

  constructor(
    protected readonly post: Post<Replies<S, ExtraReply>>,
    protected readonly now: () => number = () => performance.now(),
  ) {}

  get running(): boolean {
    return this.status === 'running';
  }

  /** How long the driver should wait before the next slice: none at full speed, a frame when throttled. */
  get delayMs(): number {
    return this.maxRate === null ? 0 : 16;
  }

  handle(message: Commands<Init, Extra>): void {
    try {
      if (isControl(message)) this.control(message);
      else if (this.isInit(message)) this.initialise(message);
      else this.command(message);
    } catch (err) {
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'ENGINE';
      this.post({ type: 'error', code, message: err instanceof Error ? err.message : String(err) });
      if (this.status === 'running') this.status = 'paused';
      this.dirty = true;
    }
    this.flush();
  }

  /** Trains for about `budgetMs` (at least one update); returns the number of updates made. */
  runSlice(budgetMs = SLICE_MS): number {
    const t = this.trainer;
    if (!t || this.status !== 'running') return 0;
    const start = this.now();
    let done = 0;
    if (this.maxRate !== null) {
      // At most a twentieth of a second's worth at once, so a slow speed stays smooth after a stall.
      this.allowance = Math.min(this.maxRate / 20 + 1, this.allowance + ((start - this.lastTick) * this.maxRate) / 1000);
      this.lastTick = start;
      const n = Math.floor(this.allowance);
      if (n > 0) done = t.run(n);
      this.allowance -= done;
    } else {
      do {
        done += t.run(this.loop.stepsPerCheck);
      } while (!t.stopped && this.now() - start < budgetMs);
    }
    this.countRate(done);
    if (t.stopped) this.status = 'stopped';
    this.dirty = true;
    this.flush();
    return done;
  }

  /** The current state as plain data (fresh buffers, so they can be transferred). */
  abstract snapshot(): S;

  /** Builds the trainer (and whatever the snapshots need) for a fresh network, then calls `begin`. */
  protected abstract initialise(init: Init): void;

  /** The engine's own commands. */
  protected abstract command(message: Extra): void;

  /** The snapshot's buffers that can move to the page instead of being copied. */
  protected abstract transfers(snapshot: S): Transferable[];

  private control(message: Control): void {
    switch (message.type) {
      case 'start': {
        const t = this.need();
        if (t.stopped) return;
        this.status = 'running';
        this.rate = { steps: 0, since: this.now(), value: this.rate.value };
        this.lastTick = this.now();
        this.allowance = 1;
        this.dirty = true;
        return;
      }
      case 'pause':
        if (this.status === 'running') this.status = 'paused';
        this.rate.value = 0;
        this.dirty = true;
        return;
      case 'step': {
        const t = this.need();
        if (this.status === 'running') this.status = 'paused';
        t.run(Math.max(1, Math.trunc(message.count)));
        if (t.stopped) this.status = 'stopped';
        else if (this.status === 'idle') this.status = 'paused';
        this.dirty = true;
        return;
      }
      case 'frame':
        this.frameWanted = true;
        return;
    }
  }

  /** Starts over with a fresh trainer for `init`: idle, no epochs sent yet. */
  protected begin(init: Init, trainer: LiteTrainer): void {
    this.trainer = trainer;
    this.init = init;
    this.status = 'idle';
    this.historySent = 0;
    this.rate = { steps: 0, since: this.now(), value: 0 };
    this.dirty = true;
  }

  /** Sets the speed limit (null or 0: as fast as the machine goes); the pacing starts afresh. */
  protected setMaxRate(stepsPerSecond: number | null): void {
    this.maxRate = stepsPerSecond !== null && stepsPerSecond > 0 ? stepsPerSecond : null;
    this.lastTick = this.now();
    this.allowance = Math.min(this.allowance, 1);
    this.rate = { steps: 0, since: this.now(), value: 0 };
  }

  /** Something a snapshot shows has changed, so the next frame gets one. */
  protected changed(): void {
    this.dirty = true;
  }

  protected need(): LiteTrainer {
    if (!this.trainer) throw Object.assign(new Error('the network is not set up yet'), { code: 'NOT_READY' });
    return this.trainer;
  }

  /** The snapshot fields every engine sends; hands each new epoch over once (long runs stay small in the worker). */
  protected progress(): Progress {
    const t = this.trainer!;
    const history = t.history.splice(0);
    const historyFrom = this.historySent;
    this.historySent += history.length;
    return {
      generation: this.init!.generation,
      status: this.status,
      stopReason: t.stopReason,
      steps: t.steps,
      epoch: t.epoch,
      stepsPerSecond: this.status === 'running' ? this.rate.value : 0,
      historyFrom,
      history,
    };
  }

  private isInit(message: Init | Extra): message is Init {
    return message.type === 'init';
  }

  private countRate(done: number): void {
    this.rate.steps += done;
    const now = this.now();
    const span = now - this.rate.since;
    if (span >= this.loop.rateWindowMs) this.rate = { steps: 0, since: now, value: (this.rate.steps * 1000) / span };
    else if (this.rate.value === 0 && span > 0) this.rate.value = (this.rate.steps * 1000) / span;
  }

  private flush(): void {
    if (!this.frameWanted || !this.dirty || !this.trainer) return;
    this.frameWanted = false;
    this.dirty = false;
    const snapshot = this.snapshot();
    this.post({ type: 'snapshot', snapshot }, this.transfers(snapshot));
  }
}

const CONTROLS: ReadonlySet<string> = new Set<Control['type']>(['start', 'pause', 'step', 'frame']);

function isControl(message: { type: string }): message is Control {
  return CONTROLS.has(message.type);
}
