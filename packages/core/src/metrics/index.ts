// Plain-number metrics of reconstructions, codes and classifiers (browser-safe, no tensors).
export { reconstructionError } from './reconstruction-error.js';
export { sparseness } from './sparseness.js';
export { accuracy, confusionMatrix, predictedLabels } from './classification.js';
