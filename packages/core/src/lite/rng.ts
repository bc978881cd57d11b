/**
 * The lite trainer's seeded generator: mulberry32 from @aelab/datasets, so it gives the same numbers in Node, a
 * browser and a Web Worker for the same seed, without depending on tfjs's global random state.
 */
export { mulberry32 as createRng, shuffleInPlace, type Rng as LiteRng } from '@aelab/datasets';
