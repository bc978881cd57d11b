const TWO_POW_32 = 4294967296;
function direct(s: Uint32Array, n: number, p: number, out: Float32Array) {
  const threshold = Math.floor(p * TWO_POW_32);
  let a = s[0]! | 0, b = s[1]! | 0, c = s[2]! | 0, d = s[3]! | 0;
  for (let i = 0; i < n; i++) {
    const x = Math.imul(b, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    out[i] = result < threshold ? 1 : 0;
  }
  s[0] = a; s[1] = b; s[2] = c; s[3] = d;
}
function signed(s: Uint32Array, n: number, p: number, out: Float32Array) {
  const threshold = (Math.floor(p * TWO_POW_32) ^ 0x80000000) | 0;
  let a = s[0]! | 0, b = s[1]! | 0, c = s[2]! | 0, d = s[3]! | 0;
  for (let i = 0; i < n; i++) {
    const x = Math.imul(b, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) ^ 0x80000000;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    out[i] = result < threshold ? 1 : 0;
  }
  s[0] = a; s[1] = b; s[2] = c; s[3] = d;
}
const out = new Float32Array(784000); const out2 = new Float32Array(784000);
const s1 = new Uint32Array([1, 2, 3, 4]), s2 = new Uint32Array([1, 2, 3, 4]);
for (let k = 0; k < 3; k++) {
  let t = performance.now(); for (let i = 0; i < 10; i++) direct(s1, 784000, 0.9, out); console.log('direct', ((performance.now() - t) / 10).toFixed(2));
  t = performance.now(); for (let i = 0; i < 10; i++) signed(s2, 784000, 0.9, out2); console.log('signed', ((performance.now() - t) / 10).toFixed(2));
}
console.log(out.every((v, i) => v === out2[i]), s1.join() === s2.join());
