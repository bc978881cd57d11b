import { defaultConfig, defaultOptimizer, LIMITS, SUGGESTED_LEARNING_RATE } from '../config/defaults.js';
import { configToParams, parseConfigParams } from '../config/url.js';
import { validatePlayground, type Validation } from '../config/validate.js';
import type { GaussianData, InlineData, OptimizerType, PlaygroundConfig } from '../config/types.js';
import type { LiveSettings } from '../worker/protocol.js';

/**
 * The playground's config as the form edits it, validated on every change with the shared run-config schema.
 * `structureKey` changes when the network or the data would have to be rebuilt; `live` holds what a running or
 * paused session takes without a reset.
 */
export class ConfigStore {
  config = $state<PlaygroundConfig>(defaultConfig());
  readonly validation: Validation = $derived(validatePlayground(this.config));
  /** The last Gaussian settings, so switching to a CSV and back keeps them. */
  private lastGaussian: GaussianData = { name: 'gaussian', k: 3, d: 8, pointsPerCluster: 100, spread: 0.1, seed: 1 };

  readonly structureKey: string = $derived(
    JSON.stringify({ seed: this.config.seed, data: this.config.data, model: this.config.model, val: this.config.training.validationFraction }),
  );

  readonly live: LiveSettings = $derived({
    learningRate: this.config.training.learningRate,
    optimizer: $state.snapshot(this.config.training.optimizer),
    batchSize: this.config.training.batchSize,
    maxEpochs: this.config.training.epochs,
    convergenceEpsilon: this.config.training.convergenceEpsilon,
  });

  /** What could not be used from the link the page opened with (plain sentences; empty when all was fine). */
  readonly linkNotices: string[];

  constructor(initial?: PlaygroundConfig, linkNotices: string[] = []) {
    if (initial) this.config = initial;
    this.linkNotices = linkNotices;
  }

  get valid(): boolean {
    return this.validation.ok;
  }

  get errors(): Record<string, string> {
    return this.validation.errors;
  }

  /** A plain copy (no Svelte proxies) of the current config. */
  plain(): PlaygroundConfig {
    return $state.snapshot(this.config) as PlaygroundConfig;
  }

  load(config: PlaygroundConfig): void {
    this.config = structuredClone(config);
  }

  static fromSearch(search: string): ConfigStore {
    const { config, notices } = parseConfigParams(new URLSearchParams(search));
    return new ConfigStore(config, notices);
  }

  toSearch(): { search: string; notes: string[] } {
    const { params, notes } = configToParams(this.plain());
    return { search: `?${params.toString()}`, notes };
  }

  setOptimizerType(type: OptimizerType): void {
    if (this.config.training.optimizer.type === type) return;
    this.config.training.optimizer = defaultOptimizer(type);
    this.config.training.learningRate = SUGGESTED_LEARNING_RATE[type];
  }

  addLayer(at: number): void {
    const layers = this.config.model.layers;
    if (layers.length >= LIMITS.maxLayers) return;
    const index = Math.max(0, Math.min(at, layers.length));
    layers.splice(index, 0, { units: 4, activation: 'tanh' });
    if (index <= this.config.model.codeLayer) this.config.model.codeLayer += 1;
  }

  removeLayer(index: number): void {
    const model = this.config.model;
    if (model.layers.length <= 1 || index === model.codeLayer) return;
    model.layers.splice(index, 1);
    if (index < model.codeLayer) model.codeLayer -= 1;
  }

  setCodeLayer(index: number): void {
    this.config.model.codeLayer = index;
  }

  useGaussian(): void {
    if (this.config.data.name === 'gaussian') return;
    this.config.data = { ...this.lastGaussian };
  }

  useInline(data: InlineData): void {
    if (this.config.data.name === 'gaussian') this.lastGaussian = $state.snapshot(this.config.data) as GaussianData;
    this.config.data = data;
  }

  /** New cluster positions and points: a different data seed. */
  regenerate(): void {
    const d = this.config.data;
    if (d.name === 'gaussian') d.seed = Number.isFinite(d.seed) ? d.seed + 1 : 1;
  }
}
