import { CoreError } from '../../errors.js';
import { describeConfigIssues } from '../../config/index.js';
import type { TableDataset } from './types.js';
import { improvedRecipeSchema, mergeConfig, type AblationCandidate, type ImprovedRecipe, type ReproduceConfig } from './config.js';

/**
 * The base every ablation candidate changes one thing of: the faithful DDAE stacks (the `stacks` of the config,
 * as the DDAE row trains them) in the improved pipeline, one member, codes only, no augmentation.
 */
export function baseRecipe(config: ReproduceConfig): ImprovedRecipe {
  return improvedRecipeSchema.parse({ stacks: config.stacks, members: 1, pixels: false, augment: { shift: 0 }, unlabelled: config.improved.unlabelled });
}

/** A candidate: the base recipe with the candidate's `config` merged over it. */
export function candidateRecipe(config: ReproduceConfig, candidate: AblationCandidate): ImprovedRecipe {
  const merged = mergeConfig(baseRecipe(config), candidate.config);
  const result = improvedRecipeSchema.safeParse(merged);
  if (!result.success) throw new CoreError('INVALID_OPTIONS', `ablation candidate ${candidate.name}: ${describeConfigIssues(improvedRecipeSchema, merged, result.error.issues)}`);
  return result.data;
}

/** The recipe in a line, for the ablation table. */
export function describeRecipe(recipe: ImprovedRecipe, dataset: TableDataset): string {
  const stack = recipe.stacks[dataset];
  const parts = [
    `${stack.units.join('-')} stack, ${stack.epochs.join(' + ')} epochs`,
    `${stack.dropConnect.maskMode} masks (p ${stack.dropConnect.keepProbability})`,
  ];
  if (stack.fineTune) parts.push(`fine-tuned ${stack.fineTune.epochs} epochs`);
  parts.push(recipe.pixels ? 'KELM on pixels + codes' : 'KELM on codes');
  if (recipe.members > 1) parts.push(`ensemble of ${recipe.members}`);
  if (recipe.augment.shift > 0) parts.push(`${recipe.augment.shift}-pixel shifts for the ${recipe.augment.kelm ? (recipe.augment.ae ? 'AE and KELM' : 'KELM') : 'AE'}`);
  return parts.join(', ');
}
