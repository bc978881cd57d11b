import * as tf from '@tensorflow/tfjs';
import { AutoEncoder, denseAutoEncoderConfig, parseRunConfig, train, Rng } from './src/index.ts';
await tf.setBackend('cpu');
for (const mode of ['per-sample', 'per-minibatch', null] as const) {
for (const opt of ['adam','sgd','momentum','rmsprop'] as const) {
const cfg = parseRunConfig({ model: { type: 'dense', layers: [{ units: 8 , batchNorm: true}, {units: 2, ...(mode? {dropConnect: {maskMode: mode}}:{})}, {units: 8}], tiedWeights: false, corruption: {type: 'gaussian'}, regularization: {l1Weights: 1e-4, sparsity: {}} }, training: { optimizer: {type: opt}, epochs: 5, batchSize: 16, learningRate: 0.01, loss: 'bce' } });
if (cfg.model.type !== 'dense') throw 1;
const before = tf.memory().numTensors;
const ae = new AutoEncoder(denseAutoEncoderConfig(cfg.model, [16]), { seed: 1 });
const afterBuild = tf.memory().numTensors;
const rng = new Rng(3);
const n = 200; const features = rng.uniformArray(n * 16);
const counts: number[] = [];
const r = await train(ae, { features, shape: [16], count: n }, { training: cfg.training, seed: 1, onEvent: (e) => { if (e.type === 'epoch') counts.push(tf.memory().numTensors); } });
console.log(mode, opt, r.reason, r.loss?.toFixed(4), before, afterBuild, counts.join(','), tf.memory().numTensors);
ae.dispose();
}}
