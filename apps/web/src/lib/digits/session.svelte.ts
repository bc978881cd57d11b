import type { EpochRecord, StopReason } from '@aelab/core';
import { STOP_MESSAGES } from '../stores/session.svelte.js';
import type { SessionStatus } from '../worker/protocol.js';
import { digitsTrainerOptions, type DigitsConfig } from './config.js';
import { splitDigits, type DigitsData, type DigitsSplit } from './data.js';
import type { DigitsPort } from './port.js';
import type { DigitsProbe, DigitsSnapshot, FromDigits, TileSource } from './protocol.js';

/** Hidden units whose weights the page shows as tiles. */
export const TILE_COUNT = 100;

/**
 * The digits lab's training session as the page sees it: the last snapshot from the engine (in a worker) and the
 * commands. The next snapshot is asked for only after the page has applied the last, at most once per frame.
 */
export class DigitsSession {
  status = $state<SessionStatus>('idle');
  stopReason = $state<StopReason | null>(null);
  steps = $state(0);
  epoch = $state(0);
  stepsPerSecond = $state(0);
  history = $state.raw<EpochRecord[]>([]);
  tiles = $state.raw<Float32Array | null>(null);
  tileCount = $state(0);
  /** Which weights the tiles show; a view setting, kept across resets. */
  tileSource = $state<TileSource>('decoder');
  units = $state(0);
  probe = $state.raw<DigitsProbe | null>(null);
  split = $state.raw<DigitsSplit | null>(null);
  error = $state<string | null>(null);
  /** Snapshots applied so far (tests and the perf script read it). */
  frames = $state(0);

  private port: DigitsPort | null = null;
  private generation = 0;

  constructor(
    private readonly createPort: () => DigitsPort,
    private readonly nextFrame: (callback: () => void) => void = defaultNextFrame,
  ) {}

  get stopMessage(): string | null {
    return this.stopReason ? STOP_MESSAGES[this.stopReason] : null;
  }

  /** A fresh network for the setup, on the shipped digits (split by the setup's seed). */
  setup(config: DigitsConfig, data: DigitsData): void {
    const options = digitsTrainerOptions(config);
    const split = splitDigits(data, config.seed);
    if (!this.port) {
      this.port = this.createPort();
      this.port.onMessage((m) => this.receive(m));
    }
    this.split = split;
    this.history = [];
    this.tiles = null;
    this.probe = null;
    this.steps = 0;
    this.epoch = 0;
    this.status = 'idle';
    this.stopReason = null;
    this.stepsPerSecond = 0;
    this.error = null;
    this.generation += 1;
    this.port.send({ type: 'init', generation: this.generation, options, x: data.x, ...split, tiles: TILE_COUNT });
    this.port.send({ type: 'tiles', source: this.tileSource });
    this.port.send({ type: 'frame' });
  }

  showTiles(source: TileSource): void {
    this.tileSource = source;
    this.port?.send({ type: 'tiles', source });
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

  private receive(message: FromDigits): void {
    if (message.type === 'error') {
      this.error = `${message.message} [${message.code}]`;
      return;
    }
    if (message.snapshot.generation === this.generation) this.apply(message.snapshot);
    this.nextFrame(() => this.port?.send({ type: 'frame' }));
  }

  private apply(s: DigitsSnapshot): void {
    this.status = s.status;
    this.stopReason = s.stopReason;
    this.steps = s.steps;
    this.epoch = s.epoch;
    this.stepsPerSecond = s.stepsPerSecond;
    if (s.historyFrom === 0) this.history = s.history;
    else if (s.history.length > 0) this.history = [...this.history, ...s.history];
    this.tiles = s.tiles;
    this.tileCount = s.tileCount;
    this.units = s.units;
    if (s.probe) this.probe = s.probe;
    this.frames += 1;
  }
}

function defaultNextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
}
