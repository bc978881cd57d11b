import { defaultConfig, defaultOptimizer } from './defaults.js';
import { validatePlayground } from './validate.js';
import { ACTIVATIONS, OPTIMIZERS, type InlineData, type OptimizerType, type PlaygroundActivation, type PlaygroundConfig, type PlaygroundLayer } from './types.js';

/** Inline points past this many characters stay out of the URL (export the JSON to share those). */
export const MAX_URL_POINTS_CHARS = 60_000;

/**
 * The whole playground config as flat, readable query parameters, e.g.
 * `?seed=1&data=gaussian&k=3&d=8&n=100&spread=0.1&dseed=1&layers=8.tanh_2.identity_8.tanh&code=1&out=sigmoid&opt=adam&...`.
 * Separators are characters URLSearchParams leaves unescaped (`_`, `*`, `.`), so links stay legible.
 */
export function configToParams(config: PlaygroundConfig): { params: URLSearchParams; notes: string[] } {
  const p = new URLSearchParams();
  const notes: string[] = [];
  p.set('seed', String(config.seed));
  const data = config.data;
  p.set('data', data.name);
  if (data.name === 'gaussian') {
    p.set('k', String(data.k));
    p.set('d', String(data.d));
    p.set('n', String(data.pointsPerCluster));
    p.set('spread', String(data.spread));
    p.set('dseed', String(data.seed));
  } else {
    const points = data.points.map((row) => row.map(String).join('_')).join('*');
    if (points.length <= MAX_URL_POINTS_CHARS) {
      p.set('points', points);
      if (data.labels) p.set('labels', data.labels.join('_'));
      if (data.classNames) p.set('classes', JSON.stringify(data.classNames));
    } else {
      notes.push(`the CSV's ${data.points.length} rows are too many for a link; export the config as JSON to share them`);
    }
  }
  const m = config.model;
  p.set('layers', m.layers.map((l) => `${l.units}.${l.activation}`).join('_'));
  p.set('code', String(m.codeLayer));
  p.set('out', m.outputActivation);
  const t = config.training;
  const o = t.optimizer;
  p.set('opt', o.type);
  switch (o.type) {
    case 'sgd':
      break;
    case 'momentum':
      p.set('momentum', String(o.momentum));
      if (o.nesterov) p.set('nesterov', '1');
      break;
    case 'rmsprop':
      p.set('decay', String(o.decay));
      p.set('momentum', String(o.momentum));
      p.set('eps', String(o.epsilon));
      break;
    case 'adam':
      p.set('beta1', String(o.beta1));
      p.set('beta2', String(o.beta2));
      p.set('eps', String(o.epsilon));
      break;
  }
  p.set('lr', String(t.learningRate));
  p.set('batch', String(t.batchSize));
  p.set('epochs', String(t.epochs));
  p.set('conv', String(t.convergenceEpsilon));
  p.set('val', String(t.validationFraction));
  return { params: p, notes };
}

/** A config read from a link, with one plain sentence for each value that could not be used. */
export interface ParsedLink {
  config: PlaygroundConfig;
  notices: string[];
}

/** What each parameter is called on the page, for notices. */
const PARAM_NAMES: Record<string, string> = {
  seed: 'seed',
  k: 'clusters',
  d: 'dimensions',
  n: 'points per cluster',
  spread: 'spread',
  dseed: 'data seed',
  code: 'code layer',
  momentum: 'momentum',
  decay: 'decay',
  eps: 'optimizer epsilon',
  beta1: 'beta1',
  beta2: 'beta2',
  lr: 'learning rate',
  batch: 'batch size',
  epochs: 'max epochs',
  conv: 'convergence epsilon',
  val: 'validation fraction',
};

const OPTIMIZER_NAMES: Record<OptimizerType, string> = { sgd: 'SGD', momentum: 'momentum', rmsprop: 'RMSProp', adam: 'Adam' };

/**
 * Reads a config from query parameters; anything missing takes the default. A link is often old or hand-edited,
 * so a value that does not parse, names something the page does not offer, or breaks a rule falls back to its
 * default, and `notices` says so in plain words: a shared link always opens a working page.
 */
export function parseConfigParams(params: URLSearchParams): ParsedLink {
  const base = defaultConfig();
  const notices: string[] = [];
  if (![...params.keys()].length) return { config: base, notices };
  const num = (key: string, fallback: number): number => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (Number.isFinite(value)) return value;
    notices.push(`${PARAM_NAMES[key] ?? key} '${raw}' is not a number; using ${fallback}`);
    return fallback;
  };
  const config = base;
  config.seed = num('seed', base.seed);

  const dataName = params.get('data') ?? 'gaussian';
  if (dataName === 'inline') {
    const data: InlineData = { name: 'inline', points: parsePoints(params.get('points')) };
    const labels = params.get('labels');
    if (labels) data.labels = labels.split('_').map((v) => (v === '' ? Number.NaN : Number(v)));
    const classes = params.get('classes');
    if (classes) data.classNames = parseStringArray(classes);
    config.data = data;
  } else {
    if (dataName !== 'gaussian') notices.push(`data must be 'gaussian' or 'inline' (a CSV), not '${dataName}'; using Gaussian clusters`);
    const g = base.data.name === 'gaussian' ? base.data : defaultGaussian();
    config.data = {
      name: 'gaussian',
      k: num('k', g.k),
      d: num('d', g.d),
      pointsPerCluster: num('n', g.pointsPerCluster),
      spread: num('spread', g.spread),
      seed: num('dseed', g.seed),
    };
  }

  const layers = params.get('layers');
  if (layers !== null) {
    const parsed = layers === '' ? null : layers.split('_').map(parseLayer);
    if (parsed && parsed.every((l): l is PlaygroundLayer => l !== null)) config.model.layers = parsed;
    else notices.push(`layers '${layers}' is not a list like 8.tanh_2.identity_8.tanh (activations: ${ACTIVATIONS.join(', ')}); using the default network`);
  }
  config.model.codeLayer = num('code', Math.floor((config.model.layers.length - 1) / 2));
  const out = params.get('out');
  if (out !== null) {
    if (isActivation(out)) config.model.outputActivation = out;
    else notices.push(`output activation must be one of ${ACTIVATIONS.join(', ')}, not '${out}'; using ${config.model.outputActivation}`);
  }

  const t = config.training;
  const opt = params.get('opt') ?? t.optimizer.type;
  const known = (OPTIMIZERS as readonly string[]).includes(opt);
  if (!known) notices.push(`optimizer must be one of ${OPTIMIZERS.map((o) => OPTIMIZER_NAMES[o]).join(', ')}, not '${opt}'; using Adam`);
  const o = defaultOptimizer(known ? (opt as OptimizerType) : 'adam');
  switch (o.type) {
    case 'sgd':
      break;
    case 'momentum':
      o.momentum = num('momentum', o.momentum);
      o.nesterov = params.get('nesterov') === '1';
      break;
    case 'rmsprop':
      o.decay = num('decay', o.decay);
      o.momentum = num('momentum', o.momentum);
      o.epsilon = num('eps', o.epsilon);
      break;
    case 'adam':
      o.beta1 = num('beta1', o.beta1);
      o.beta2 = num('beta2', o.beta2);
      o.epsilon = num('eps', o.epsilon);
      break;
  }
  t.optimizer = o;
  t.learningRate = num('lr', t.learningRate);
  t.batchSize = num('batch', t.batchSize);
  t.epochs = num('epochs', t.epochs);
  t.convergenceEpsilon = num('conv', t.convergenceEpsilon);
  t.validationFraction = num('val', t.validationFraction);
  resetBrokenRules(config, notices);
  return { config, notices };
}

/** The config a link describes (see `parseConfigParams` for what happens to unusable values). */
export function configFromParams(params: URLSearchParams): PlaygroundConfig {
  return parseConfigParams(params).config;
}

/**
 * Values that parse but break a rule (a negative learning rate, a 3-unit code layer) go back to their defaults
 * too. The network is reset as a whole: its layers and code layer only make sense together. CSV points are left
 * alone; the form asks for the file again.
 */
function resetBrokenRules(config: PlaygroundConfig, notices: string[]): void {
  const defaults = defaultConfig();
  const errors = validatePlayground(config).errors;
  let networkReset = false;
  for (const [path, message] of Object.entries(errors)) {
    if (path.startsWith('data.points') || path.startsWith('data.labels')) continue;
    if (path.startsWith('model.')) {
      if (!networkReset) notices.push(`the network in the link does not work (${message}); using the default network`);
      networkReset = true;
      continue;
    }
    const fallback = readPath(defaults, path);
    if (typeof fallback !== 'number' || !writePath(config, path, fallback)) continue;
    notices.push(`${labelOf(path)} ${message}; using ${fallback}`);
  }
  if (networkReset) config.model = defaults.model;
}

const PATH_NAMES: Record<string, string> = {
  seed: 'seed',
  'data.k': 'clusters',
  'data.d': 'dimensions',
  'data.pointsPerCluster': 'points per cluster',
  'data.spread': 'spread',
  'data.seed': 'data seed',
  'training.learningRate': 'learning rate',
  'training.batchSize': 'batch size',
  'training.epochs': 'max epochs',
  'training.convergenceEpsilon': 'convergence epsilon',
  'training.validationFraction': 'validation fraction',
  'training.optimizer.epsilon': 'optimizer epsilon',
};

function labelOf(path: string): string {
  return PATH_NAMES[path] ?? path.split('.').at(-1)!;
}

function readPath(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

function writePath(root: object, path: string, value: number): boolean {
  const keys = path.split('.');
  const parent = keys.length === 1 ? root : readPath(root, keys.slice(0, -1).join('.'));
  if (!parent || typeof parent !== 'object') return false;
  (parent as Record<string, unknown>)[keys.at(-1)!] = value;
  return true;
}

function isActivation(value: string): value is PlaygroundActivation {
  return (ACTIVATIONS as readonly string[]).includes(value);
}

/** The query string (with `?`) for a config. */
export function configToSearch(config: PlaygroundConfig): string {
  return `?${configToParams(config).params.toString()}`;
}

function defaultGaussian() {
  return { name: 'gaussian' as const, k: 3, d: 8, pointsPerCluster: 100, spread: 0.1, seed: 1 };
}

/** `8.tanh` (or `8`, identity); null for anything else, so the link's network is replaced as a whole. */
function parseLayer(text: string): PlaygroundLayer | null {
  const dot = text.indexOf('.');
  const units = Number(dot < 0 ? text : text.slice(0, dot));
  const activation = dot < 0 ? 'identity' : text.slice(dot + 1);
  if (!Number.isInteger(units) || units < 1 || !isActivation(activation)) return null;
  return { units, activation };
}

function parsePoints(text: string | null): number[][] {
  if (!text) return [];
  return text.split('*').map((row) => row.split('_').map((v) => (v === '' ? Number.NaN : Number(v))));
}

function parseStringArray(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
