import { Rng } from '@aelab/core';
import { Rng as Old } from './random-orig.ts';
for (const seed of [0, 1, 42, 123456789, -5]) for (const stream of ['', 'noise', 'init']) {
  const a = new Rng(seed, stream), b = new Old(seed, stream);
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>, what: string) => { for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) throw new Error(`${what} differs at ${i}: ${x[i]} ${y[i]}`); };
  eq(a.uniformArray(1001, -0.3, 0.7), b.uniformArray(1001, -0.3, 0.7), 'uniform');
  eq(a.bernoulliArray(5003, 0.9), b.bernoulliArray(5003, 0.9), 'bern');
  eq(a.normalArray(777, 0, 0.05), b.normalArray(777, 0, 0.05), 'normal');
  eq([a.nextUint32(), a.int(17), a.next(), a.normal()], [b.nextUint32(), b.int(17), b.next(), b.normal()], 'scalars');
  eq(a.permutation(500), b.permutation(500), 'perm');
  eq(a.fork().uniformArray(50), b.fork().uniformArray(50), 'fork');
  eq(a.state(), b.state(), 'state');
  eq(new Rng(a.state()).uniformArray(9), new Old(b.state()).uniformArray(9), 'restore');
}
console.log('identical');
const r = new Rng(1); const out = new Float32Array(784000);
for (let k = 0; k < 6; k++) { const t = performance.now(); for (let i = 0; i < 10; i++) r.bernoulliArray(784000, 0.9, out); console.log('bernoulli 784k', ((performance.now() - t) / 10).toFixed(2), 'ms'); }
for (let k = 0; k < 3; k++) { const t = performance.now(); for (let i = 0; i < 10; i++) r.normalArray(100352, 0, 0.3, out); console.log('normal 100k', ((performance.now() - t) / 10).toFixed(2), 'ms'); }
const o = new Old(1);
for (let k = 0; k < 3; k++) { const t = performance.now(); for (let i = 0; i < 10; i++) o.normalArray(100352, 0, 0.3, out); console.log('old normal 100k', ((performance.now() - t) / 10).toFixed(2), 'ms'); }
for (let k = 0; k < 2; k++) { const t = performance.now(); for (let i = 0; i < 10; i++) r.permutation(60000); console.log('perm 60k', ((performance.now() - t) / 10).toFixed(2), 'ms'); }
