import { Rng } from '@aelab/core';
const r = new Rng(1);
const out = new Float32Array(784000);
for (let k = 0; k < 5; k++) { const t = performance.now(); for (let i = 0; i < 10; i++) r.bernoulliArray(784000, 0.9, out); console.log('bernoulli 784k', ((performance.now() - t) / 10).toFixed(2), 'ms'); }
