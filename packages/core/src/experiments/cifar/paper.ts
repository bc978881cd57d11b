/**
 * What the CIFAR-10 document (Cherkashin, "Neural network autoencoder on the example of CIFAR-10", sections 2.2-2.3,
 * figures 4-6) reports, for the report's side-by-side table. Its losses are single mini-batch BCEs read off its
 * figures and text; it gives no test loss.
 */
export const CIFAR_PAPER = {
  title: 'Cherkashin, "Neural network autoencoder on the example of CIFAR-10"',
  document: '004_0bf819bfbc78fa02.txt',
  trainImages: 50_000,
  batchSize: 128,
  epochs: 100,
  iterationsPerEpoch: 391,
  iterations: 39_100,
  learningRate: 0.001,
  initialLoss: 0.696,
  /** "the loss fell quickly until iteration 300 (0.592), then slowly until 2,500 (0.576)". */
  lossNear300: 0.592,
  lossNear2500: 0.576,
  finalLoss: 0.574,
  minLoss: 0.54966,
  minLossIteration: 38_743,
  trainSeconds: 178.987,
} as const;

/** The document's 179 s over its 100 epochs. */
export const PAPER_SECONDS_PER_EPOCH = CIFAR_PAPER.trainSeconds / CIFAR_PAPER.epochs;
