/**
 * Records real runs for the runs pages' stories and unit tests: starts the aelab server, trains a few small configs
 * (the shared dense2d and stacked fixtures of @aelab/core, a dense2d variant, a small MNIST net for weight maps and
 * reconstructions), and writes what the server answered — `runs.get`, every stored event, `runs.artifacts`, and the
 * figures and reports — to src/stories/recorded-runs.json. Run it again after the server's API changes:
 *
 *   pnpm --filter @aelab/web record-runs
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixtureConfigs } from '@aelab/core/fixtures';
import type { AppRouter, RunEvent } from '@aelab/server';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { startAelabServer } from './aelab-server.js';

const out = fileURLToPath(new URL('../src/stories/recorded-runs.json', import.meta.url));

const configs = [
  fixtureConfigs.dense2d,
  { ...fixtureConfigs.dense2d, name: 'fixture-dense2d-slow', training: { ...fixtureConfigs.dense2d.training, learningRate: 0.01, validationFraction: 0.2 } },
  fixtureConfigs.stacked,
  {
    name: 'mnist-9',
    seed: 1,
    backend: 'cpu',
    data: { name: 'mnist', trainSize: 300, testSize: 100 },
    model: { type: 'dense', layers: [{ units: 9, activation: 'sigmoid' }], outputActivation: 'sigmoid' },
    training: { optimizer: { type: 'adam' }, learningRate: 0.01, loss: 'bce', batchSize: 50, epochs: 4, validationFraction: 0.2 },
  },
];

const round = (values: number[]): number[] => values.map((v) => Number(v.toPrecision(5)));

/** Snapshots keep their codes (rounded: the file stays small) and drop first-layer weights. */
function slim(ev: RunEvent): RunEvent {
  if (ev.type !== 'train' || ev.event.type !== 'snapshot') return ev;
  const { weights: _weights, ...event } = ev.event;
  if (event.codes) event.codes = { ...event.codes, values: round(event.codes.values) };
  return { ...ev, event };
}

const server = await startAelabServer(null, ['--concurrency', '1']);
try {
  const api = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.url}/trpc` })] });
  const recorded = [];
  for (const config of configs) {
    const { id } = await api.runs.create.mutate(config as never);
    let detail = await api.runs.get.query({ id });
    for (let i = 0; i < 600 && (detail.status === 'queued' || detail.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      detail = await api.runs.get.query({ id });
    }
    if (detail.status !== 'succeeded') throw new Error(`${config.name} ended ${detail.status}: ${detail.error?.message}`);
    const events = (await api.runs.logs.query({ id, limit: 5000 })).map(slim);
    const artifacts = await api.runs.artifacts.query({ id });
    const files: Record<string, string> = {};
    for (const a of artifacts) {
      if (a.path.startsWith('images/') && a.mediaType === 'image/png') {
        const bytes = Buffer.from(await (await fetch(`${server.url}${a.url}`)).arrayBuffer());
        files[a.path] = `data:image/png;base64,${bytes.toString('base64')}`;
      } else if (a.path === 'results.json' || a.path === 'summary.json') {
        files[a.path] = await (await fetch(`${server.url}${a.url}`)).text();
      }
    }
    recorded.push({ detail, events, artifacts, files });
    console.error(`recorded ${config.name}: ${detail.history.length} epochs, ${events.length} events, ${artifacts.length} files`);
  }
  writeFileSync(out, `${JSON.stringify({ about: 'Real aelab server answers for four small runs (see e2e/record-runs.ts).', runs: recorded })}\n`);
  console.error(`wrote ${out}`);
} finally {
  await server.stop();
}
