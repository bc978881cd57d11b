/**
 * exp(x) for x <= 0 to about 1e-9 relative error, roughly twice as fast as Math.exp in V8; the kernel matrix
 * needs one per entry and only float32 accuracy.
 */
const POW2 = new Float64Array(1080);
for (let k = 0; k < POW2.length; k++) POW2[k] = Math.pow(2, -k);

export function expNonPositive(x: number): number {
  const t = x * 1.4426950408889634;
  if (!(t > -1070)) return 0;
  // x = (-k + f) ln 2 with f in [-1/2, 1/2]; 2^f by its Taylor series in f ln 2.
  const k = Math.floor(0.5 - t);
  const f = (t + k) * 0.6931471805599453;
  const p =
    1 +
    f * (1 + f * (0.5 + f * (0.16666666666666666 + f * (0.041666666666666664 + f * (0.008333333333333333 + f * (0.001388888888888889 + f * (0.0001984126984126984 + f * 0.0000248015873015873)))))));
  return p * POW2[k]!;
}
