import { CoreError } from '../errors.js';

/** Rebuilds a model from its serialized config (tfjs-layers style `className` + `config`). */
export type ModelFactory = (config: Record<string, unknown>, options?: { seed?: number }) => unknown;

const modelRegistry = new Map<string, ModelFactory>();

export function registerModel(className: string, factory: ModelFactory): void {
  modelRegistry.set(className, factory);
}

export function getModelFactory(className: string): ModelFactory {
  const f = modelRegistry.get(className);
  if (!f) throw new CoreError('UNKNOWN_CLASS', `unknown model class "${className}" (known: ${[...modelRegistry.keys()].join(', ')})`);
  return f;
}

export function registeredModelClasses(): string[] {
  return [...modelRegistry.keys()];
}
