import { describe, expect, it } from 'vitest';
import { until } from '../testing/until.js';
import { DEFAULT_DIGITS } from './config.js';
import { loadDigits, PIXELS } from './data.js';
import { createDigitsInlinePort } from './port.js';
import { DigitsSession } from './session.svelte.js';

const data = await loadDigits();

describe('DigitsSession', () => {
  it('sets up, steps, trains and shows tiles and a probe through the engine', async () => {
    const session = new DigitsSession(() => createDigitsInlinePort({ sliceMs: 4 }), (cb) => setTimeout(cb, 0));
    session.setup({ ...DEFAULT_DIGITS, units: 8, batchSize: 50, epochs: 2 }, data);
    await until(() => session.tiles !== null, 'the first snapshot');
    expect(session).toMatchObject({ status: 'idle', steps: 0, tileCount: 8, units: 8, tileSource: 'decoder' });
    expect(session.tiles).toHaveLength(8 * PIXELS);
    expect(session.split!.showcase).toHaveLength(10);

    session.step(48); // one epoch of 2,400 digits at batch 50
    await until(() => session.steps === 48, 'one epoch of steps');
    expect(session.status).toBe('paused');
    expect(session.history.map((h) => h.epoch)).toEqual([1]);
    await until(() => session.probe?.steps === 48, 'the probe after the steps');

    const decoder = Array.from(session.tiles!);
    session.showTiles('encoder');
    await until(() => session.frames > 0 && Array.from(session.tiles!).some((v, i) => v !== decoder[i]), 'the input-weight tiles');
    expect(session.tileSource).toBe('encoder');

    session.start();
    await until(() => session.status === 'stopped', 'the last epoch');
    expect(session.stopMessage).toMatch(/maximum number of epochs/);
    expect(session.history.map((h) => h.epoch)).toEqual([1, 2]);

    // A reset drops what the old network still sends and starts the curve over.
    session.setup({ ...DEFAULT_DIGITS, units: 4, batchSize: 50 }, data);
    expect(session).toMatchObject({ steps: 0, epoch: 0, status: 'idle', tiles: null, probe: null, history: [] });
    await until(() => session.tiles !== null, 'the snapshot after the reset');
    expect(session).toMatchObject({ units: 4, tileSource: 'encoder' });
    session.dispose();
  });
});
