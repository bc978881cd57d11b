import { createContext } from 'svelte';
import { createApi, type ApiClient } from './client.js';

const URL_KEY = 'aelab.server.url';
const TOKEN_KEY = 'aelab.server.token';

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}

/** `http://host:7070/` -> `http://host:7070`; empty or invalid -> null. */
export function normaliseServerUrl(input: string): string | null {
  const t = input.trim();
  if (t === '') return null;
  try {
    const u = new URL(t);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/**
 * A token handed over in the page address (`#token=...`, which browsers never send to a server) is taken once
 * and removed from the address bar.
 */
export function takeTokenFromHash(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { token: token && token.length > 0 ? token : null, rest: rest ? `#${rest}` : '' };
}

/**
 * Which server the runs pages talk to: this page's own origin by default (the server serves the app; Vite's dev
 * server proxies /trpc there), or a URL the user set (kept in localStorage). The token, when the server needs
 * one, stays for the browser session only.
 */
export class ServerSettings {
  /** Empty: the page's own origin. */
  customUrl = $state('');
  token = $state('');
  /** The page's own origin, a build-time VITE_AELAB_SERVER, or a deployment's aelab-server.json. */
  defaultUrl = $state('');
  #api: { key: string; client: ApiClient } | null = null;

  constructor(defaultUrl = typeof location === 'undefined' ? 'http://127.0.0.1:7070' : location.origin) {
    this.defaultUrl = defaultUrl;
    this.customUrl = storage('local')?.getItem(URL_KEY) ?? '';
    this.token = storage('session')?.getItem(TOKEN_KEY) ?? '';
    if (typeof location !== 'undefined' && location.hash.includes('token=')) {
      const { token, rest } = takeTokenFromHash(location.hash);
      if (token) this.setToken(token);
      history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
    }
  }

  get url(): string {
    return normaliseServerUrl(this.customUrl) ?? this.defaultUrl;
  }

  /** One client per URL and token; a new one after either changes. */
  get api(): ApiClient {
    const key = `${this.url}\n${this.token}`;
    if (this.#api?.key !== key) this.#api = { key, client: createApi({ url: this.url, token: this.token || null }) };
    return this.#api.client;
  }

  /** Artifact URLs are server-relative. */
  resolve(path: string): string {
    return new URL(path, `${this.url}/`).href;
  }

  /** A deployment's server (from aelab-server.json), used unless the user chose one in Server settings. */
  useDeployedDefault(url: string): void {
    this.defaultUrl = url;
  }

  setUrl(input: string): void {
    this.customUrl = normaliseServerUrl(input) ?? '';
    const s = storage('local');
    if (this.customUrl) s?.setItem(URL_KEY, this.customUrl);
    else s?.removeItem(URL_KEY);
  }

  setToken(token: string): void {
    this.token = token.trim();
    const s = storage('session');
    if (this.token) s?.setItem(TOKEN_KEY, this.token);
    else s?.removeItem(TOKEN_KEY);
  }
}

/** The server settings App.svelte provides for every runs page (Svelte's typed context: it throws outside App.svelte). */
export const [useServer, provideServer] = createContext<ServerSettings>();
