import { loadEmbeddedMnist } from '@aelab/datasets/node';
import { LiteTrainer, weightTiles } from './index.js';
import { PNG } from 'pngjs';
import { writeFileSync } from 'node:fs';
const ds = loadEmbeddedMnist(true);
const per = 240; const n = per * 10;
const x = new Float32Array(n * 784); let k = 0;
for (let d = 0; d < 10; d++) { let start = ds.labels.indexOf(d); for (let i = 0; i < per; i++) x.set(ds.features.subarray((start + i) * 784, (start + i + 1) * 784), (k++) * 784); }
const h = Number(process.argv[2] ?? 100); const act = (process.argv[3] ?? 'relu') as 'relu';
const sigma = Number(process.argv[4] ?? 0); const secs = Number(process.argv[5] ?? 30);
const t = new LiteTrainer({ net: { inputSize: 784, layers: [{ units: h, activation: act, initializer: { type: 'gaussian', std: 0.05 } }, { units: 784, activation: 'sigmoid', initializer: { type: 'gaussian', std: 0.05 } }] }, codeLayer: 0, optimizer: { type: 'adam' }, learningRate: Number(process.argv[6]), batchSize: 32, seed: 0, ...(sigma ? { corruption: { type: 'gaussian', sigma } } : {}), ...(process.argv[7] ? { regularization: JSON.parse(process.argv[7]) } : {}) }, { x, count: n, dim: 784 });
const t0 = performance.now(); let steps = 0;
const render = (tag: string) => {
const k0 = t.net.layerParams(0).kernel;

// tiles: unit j image = column j of [784][h]
const cols = 10, rows = Math.ceil(Math.min(h, 100) / cols), S = 29;
const png = new PNG({ width: cols * S * 3, height: rows * S * 3 });
for (let j = 0; j < Math.min(h, 100); j++) { let m = 0; for (let i = 0; i < 784; i++) m += k0[i * h + j]! ** 2; m = 2.5 * Math.sqrt(m / 784);
  for (let i = 0; i < 784; i++) { const v = Math.max(-1, Math.min(1, k0[i * h + j]! / m)); const r = v > 0 ? 255 : Math.round(255 * (1 + v)); const b = v < 0 ? 255 : Math.round(255 * (1 - v)); const g = Math.round(255 * (1 - Math.abs(v)));
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) { const px = ((j % cols) * S + (i % 28)) * 3 + dx, py = (Math.floor(j / cols) * S + Math.floor(i / 28)) * 3 + dy; const o = (py * png.width + px) * 4; png.data[o] = r; png.data[o+1] = g; png.data[o+2] = b; png.data[o+3] = 255; } } }
writeFileSync(`/tmp/digits-try3-${process.argv[8]}-${tag}.png`, PNG.sync.write(png)); console.log(tag, t.steps, t.history.at(-1)?.valMetrics?.rmse, (performance.now()-t0)/1000);
};
for (const n of [600, 1200, 2400]) { t.run(n - t.steps); render(String(n)); }
