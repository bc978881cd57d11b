// The lite trainer: dense autoencoders trained by hand-written passes in plain TypeScript. tfjs's per-op cost
// dominates for nets of a few dozen units; this path does thousands of updates per second in a Web Worker.
// It keeps the tfjs trainer's contract (training/events.ts): events, epoch records, stop reasons, seeded streams
// and the saved-model format.
export { type LiteActivation, liteActivations, LEAKY_RELU_ALPHA } from './activations.js';
export { LiteNet, type LiteNetSpec, type LiteLayerSpec, type LiteLayerLayout, type LiteInitializer, type LitePenalty, type LitePenaltyTerms } from './net.js';
export { LiteOptimizer, type LiteOptimizerConfig, type LiteOptimizerType } from './optimizers.js';
export { LiteTrainer, type LiteDataset, type LiteTrainerOptions, type LiteLimits, type LiteRegularization } from './trainer.js';
export { exportLiteWeights, importLiteWeights, type LiteWeights } from './weights.js';
export { liteModelArtifacts, loadLiteParams } from './model-artifacts.js';
export { liteUnsupported, liteTrainerOptions, codeLayerIndex, type LiteIssue } from './config.js';
