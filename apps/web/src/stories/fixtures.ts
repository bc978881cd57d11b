import { LiteNet, LiteTrainer, liteTrainerOptions, parseRunConfig, type EpochRecord } from '@aelab/core';
import { fixtureConfigs, fixtureEvents, fixtureModelArtifacts, tinyBlobs } from '@aelab/core/fixtures';
import { defaultConfig } from '../lib/config/defaults.js';
import { validatePlayground } from '../lib/config/validate.js';
import { buildData, gatherRows } from '../lib/data/dataset.js';
import { pickShowcase } from '../lib/stores/session.svelte.js';
import type { LayerLayout } from '../lib/worker/protocol.js';

/**
 * View data for the stories, derived from the shared fixtures of `@aelab/core/fixtures` (the dense2d run on
 * tinyBlobs that the CLI, server and core tests also use) and from short, seeded lite-trainer runs on the
 * playground's default data.
 */

/** The trained dense2d autoencoder (4-3-2-3-4) as a lite net: its layout and its weights, as the page gets them. */
export function dense2dNet(): { net: LiteNet; layout: LayerLayout[]; params: Float32Array } {
  const config = parseRunConfig(fixtureConfigs.dense2d);
  const options = liteTrainerOptions(config, 4);
  const net = new LiteNet(options.net, { seed: config.seed });
  // model.json lists each layer's kernel ([in, out]) then its bias: the lite net's parameter order.
  net.params.set(new Float32Array(fixtureModelArtifacts().weightData));
  return { net, layout: net.layers.map((l) => ({ ...l })), params: Float32Array.from(net.params) };
}

/** The tinyBlobs points with the trained dense2d codes and reconstructions. */
export function dense2dViews() {
  const blobs = tinyBlobs();
  const { net, layout, params } = dense2dNet();
  const codes = net.predict(blobs.features, blobs.count, 1);
  const showcase = Uint32Array.from([0, 1, 2, 3, 4, 5]);
  const reconstructions = net.predict(gatherRows(blobs.features, 4, showcase), showcase.length);
  return { blobs, layout, params, codes, showcase, reconstructions };
}

/** Codes recorded during the dense2d run: the first snapshot (untrained) and the last. */
export function dense2dRecordedCodes(): { early: Float32Array; late: Float32Array; labels: Int32Array } {
  const snapshots = fixtureEvents().filter((e) => e.type === 'snapshot' && e.codes);
  const first = snapshots[0]!;
  const last = snapshots.at(-1)!;
  if (first.type !== 'snapshot' || last.type !== 'snapshot' || !first.codes || !last.codes) throw new Error('fixture has no code snapshots');
  return { early: first.codes.values, late: last.codes.values, labels: last.codes.labels ?? new Int32Array(last.codes.shape[0] ?? 0) };
}

/** The dense2d run's epochs as loss-curve records (it trained without a validation split). */
export function dense2dHistory(): EpochRecord[] {
  return fixtureEvents().flatMap((e) => {
    if (e.type !== 'epoch') return [];
    const { epoch, step, loss, terms, metrics, elapsedMs, samplesPerSecond, valLoss, valTerms, valMetrics } = e;
    return [{ epoch, step, loss, terms, metrics, elapsedMs, samplesPerSecond, ...(valLoss !== undefined ? { valLoss, valTerms, valMetrics } : {}) }];
  });
}

/** A net's layout and weights: what the network diagram and the weight tiles draw. */
export function netProps({ layout, params }: { layout: LayerLayout[]; params: Float32Array }): { layout: LayerLayout[]; params: Float32Array } {
  return { layout, params };
}

export type PlaygroundViews = ReturnType<typeof trainPlayground>;

const trained = new Map<number, PlaygroundViews>();

/** The playground's default 8-8-2-8-8 autoencoder after `epochs` seeded epochs on its default data (trained once per count). */
export function playgroundAfter(epochs: number): PlaygroundViews {
  let views = trained.get(epochs);
  if (!views) trained.set(epochs, (views = trainPlayground(epochs)));
  return views;
}

/** The inputs of the reconstruction strip's rows and what the net rebuilds from them. */
export function stripProps(p: PlaygroundViews) {
  return { x: p.data.x, dim: p.data.dim, rows: p.showcase, reconstructions: p.reconstructions, labels: p.data.labels };
}

function trainPlayground(epochs: number) {
  const config = defaultConfig();
  const v = validatePlayground(config);
  if (!v.ok) throw new Error('the default playground config is invalid');
  const data = buildData(config);
  const trainer = new LiteTrainer(
    { ...liteTrainerOptions(v.runConfig, data.dim), maxEpochs: epochs, convergenceEpsilon: undefined },
    { x: gatherRows(data.x, data.dim, data.train), count: data.train.length, dim: data.dim },
    { x: gatherRows(data.x, data.dim, data.validation), count: data.validation.length, dim: data.dim },
  );
  trainer.run(Number.MAX_SAFE_INTEGER);
  const all = { x: data.x, count: data.count, dim: data.dim };
  const showcase = pickShowcase(data, 6);
  return {
    config,
    data,
    history: trainer.history,
    codes: trainer.encode(all),
    layout: trainer.net.layers.map((l) => ({ ...l })),
    params: Float32Array.from(trainer.net.params),
    showcase,
    reconstructions: trainer.reconstruct({ x: gatherRows(data.x, data.dim, showcase), count: showcase.length, dim: data.dim }),
  };
}
