import { EngineSession } from '../engine/session.svelte.js';
import { digitsTrainerOptions, type DigitsConfig } from './config.js';
import { splitDigits, type DigitsData, type DigitsSplit } from './data.js';
import type { DigitsPort } from './port.js';
import type { DigitsInitMessage, DigitsProbe, DigitsSnapshot, TilesCommand, TileSource } from './protocol.js';

/** Hidden units whose weights the page shows as tiles. */
export const TILE_COUNT = 100;

/** The digits lab's training session: the shared session state, plus the tiles and the probe of the last snapshot. */
export class DigitsSession extends EngineSession<DigitsInitMessage, TilesCommand, DigitsSnapshot> {
  tiles = $state.raw<Float32Array | null>(null);
  tileCount = $state(0);
  /** Which weights the tiles show; a view setting, kept across resets. */
  tileSource = $state<TileSource>('decoder');
  units = $state(0);
  probe = $state.raw<DigitsProbe | null>(null);
  split = $state.raw<DigitsSplit | null>(null);

  constructor(createPort: () => DigitsPort, nextFrame?: (callback: () => void) => void) {
    super(createPort, nextFrame);
  }

  /** A fresh network for the setup, on the shipped digits (split by the setup's seed). */
  setup(config: DigitsConfig, data: DigitsData): void {
    const options = digitsTrainerOptions(config);
    const split = splitDigits(data, config.seed);
    const port = this.restart();
    this.split = split;
    this.tiles = null;
    this.probe = null;
    port.send({ type: 'init', generation: this.generation, options, x: data.x, ...split, tiles: TILE_COUNT });
    port.send({ type: 'tiles', source: this.tileSource });
    port.send({ type: 'frame' });
  }

  showTiles(source: TileSource): void {
    this.tileSource = source;
    this.port?.send({ type: 'tiles', source });
  }

  protected show(s: DigitsSnapshot): void {
    this.tiles = s.tiles;
    this.tileCount = s.tileCount;
    this.units = s.units;
    if (s.probe) this.probe = s.probe;
  }
}
