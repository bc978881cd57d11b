/** Records per class (index = label). */
export function labelHistogram(labels: Int32Array, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l >= 0 && l < classes) out[l]!++;
  }
  return out;
}
