import { fixtureConfigs } from '@aelab/core/fixtures';
import type { Meta, StoryObj } from '@storybook/svelte';
import { defaultConfig } from '../config/defaults.js';
import type { PlaygroundConfig } from '../config/types.js';
import ConfigFormStory from '../../stories/ConfigFormStory.svelte';

const meta = {
  title: 'Form/Config form',
  component: ConfigFormStory,
  args: { withData: true },
} satisfies Meta<typeof ConfigFormStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = { args: { config: defaultConfig() } };

/** The shared dense2d fixture config (4-3-2-3-4 tanh on tinyBlobs' clusters) in the playground's form. */
export const Dense2dFixture: Story = {
  args: {
    config: ((): PlaygroundConfig => {
      const f = fixtureConfigs.dense2d;
      const c = defaultConfig();
      c.seed = f.seed;
      c.data = { ...f.data, name: 'gaussian' };
      c.model.layers = f.model.layers.map((l) => ({ ...l }));
      c.model.codeLayer = 1;
      c.training.learningRate = f.training.learningRate;
      c.training.batchSize = f.training.batchSize;
      c.training.epochs = f.training.epochs;
      c.training.validationFraction = f.training.validationFraction;
      return c;
    })(),
  },
};

/** Inline errors from the shared zod schema and the page's own checks; Start stays disabled. */
export const Invalid: Story = {
  args: {
    config: (() => {
      const c = defaultConfig();
      c.training.learningRate = -0.1;
      c.training.batchSize = 2.5;
      c.model.layers[1]!.units = 3;
      if (c.data.name === 'gaussian') c.data.k = 40;
      return c;
    })(),
  },
};

export const Momentum: Story = {
  args: {
    config: (() => {
      const c = defaultConfig();
      c.training.optimizer = { type: 'momentum', momentum: 0.9, nesterov: true };
      c.training.learningRate = 0.05;
      return c;
    })(),
    withData: false,
  },
};
