import { defaultConfig, defaultOptimizer } from './defaults.js';
import { OPTIMIZERS, type InlineData, type OptimizerType, type PlaygroundActivation, type PlaygroundConfig, type PlaygroundLayer } from './types.js';

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

/**
 * Reads a config from query parameters; anything missing takes the default. Values that do not parse are kept as
 * NaN or as the odd string, so the form shows the shared schema's error at that field instead of silently
 * replacing it.
 */
export function configFromParams(params: URLSearchParams): PlaygroundConfig {
  const base = defaultConfig();
  if (![...params.keys()].length) return base;
  const num = (key: string, fallback: number): number => {
    const raw = params.get(key);
    if (raw === null) return fallback;
    return raw.trim() === '' ? Number.NaN : Number(raw);
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
    const g = base.data.name === 'gaussian' ? base.data : defaultGaussian();
    config.data = {
      name: dataName as 'gaussian',
      k: num('k', g.k),
      d: num('d', g.d),
      pointsPerCluster: num('n', g.pointsPerCluster),
      spread: num('spread', g.spread),
      seed: num('dseed', g.seed),
    };
  }

  const layers = params.get('layers');
  if (layers !== null) config.model.layers = layers === '' ? [] : layers.split('_').map(parseLayer);
  config.model.codeLayer = num('code', Math.floor((config.model.layers.length - 1) / 2));
  const out = params.get('out');
  if (out !== null) config.model.outputActivation = out as PlaygroundActivation;

  const t = config.training;
  const opt = (params.get('opt') ?? t.optimizer.type) as OptimizerType;
  const o = defaultOptimizer(OPTIMIZERS.includes(opt) ? opt : 'adam');
  if (!OPTIMIZERS.includes(opt)) (o as { type: string }).type = opt;
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
  return config;
}

/** The query string (with `?`) for a config. */
export function configToSearch(config: PlaygroundConfig): string {
  return `?${configToParams(config).params.toString()}`;
}

function defaultGaussian() {
  return { name: 'gaussian' as const, k: 3, d: 8, pointsPerCluster: 100, spread: 0.1, seed: 1 };
}

function parseLayer(text: string): PlaygroundLayer {
  const dot = text.indexOf('.');
  const units = dot < 0 ? text : text.slice(0, dot);
  const activation = dot < 0 ? 'identity' : text.slice(dot + 1);
  return { units: units.trim() === '' ? Number.NaN : Number(units), activation: activation as PlaygroundActivation };
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
