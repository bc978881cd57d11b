import { createContext, type Component } from 'svelte';

export interface Route {
  /** Path below the app's base, e.g. `/`, `/runs` or `/runs/:id` (a `:name` segment matches one path segment). */
  path: string;
  title: string;
  // Pages take no props or only optional ones; they read parameters from the router.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  component: Component<any>;
  /** Listed in the header's navigation. */
  nav?: boolean;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** The first route whose pattern matches `path`, with its `:name` segments decoded. */
export function matchRoute(routes: Route[], path: string): Match | null {
  const parts = path.split('/').filter((p) => p !== '');
  for (const route of routes) {
    const pattern = route.path.split('/').filter((p) => p !== '');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i]!;
      const got = parts[i]!;
      if (want.startsWith(':')) {
        try {
          params[want.slice(1)] = decodeURIComponent(got);
        } catch {
          ok = false;
        }
      } else ok = want === got;
    }
    if (ok) return { route, params };
  }
  return null;
}

/**
 * A small History-API router: pages are matched on the path below Vite's base URL; the query string belongs to
 * the page (the playground keeps its config there, the comparison its run ids). A server in front of the build
 * must answer unknown paths with index.html (Vite's dev and preview servers and the aelab server do).
 */
export class Router {
  path = $state('/');
  search = $state('');
  readonly base: string;

  constructor(
    readonly routes: Route[],
    base = '/',
  ) {
    this.base = base.endsWith('/') ? base.slice(0, -1) : base;
    this.#fromLocation();
    window.addEventListener('popstate', () => this.#fromLocation());
  }

  get match(): Match | null {
    return matchRoute(this.routes, this.path);
  }

  get current(): Route | null {
    return this.match?.route ?? null;
  }

  get params(): Record<string, string> {
    return this.match?.params ?? {};
  }

  /** A query parameter of the current address. */
  query(name: string): string | null {
    return new URLSearchParams(this.search).get(name);
  }

  href(path: string): string {
    return `${this.base}${path}`;
  }

  /** Goes to `to` (a path, optionally with `?query`), unless the click asked for a new tab or window. */
  navigate(to: string, event?: MouseEvent): void {
    if (event && (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)) return;
    event?.preventDefault();
    const q = to.indexOf('?');
    const path = q === -1 ? to : to.slice(0, q);
    const search = q === -1 ? '' : to.slice(q);
    if (path === this.path && search === this.search) return;
    history.pushState(null, '', this.href(to));
    this.path = path;
    this.search = search;
    window.scrollTo?.(0, 0);
  }

  /** Whether a nav entry is the current page or a page below it (`/runs` for `/runs/abc`). */
  isActive(path: string): boolean {
    return path === '/' ? this.path === '/' : this.path === path || this.path.startsWith(`${path}/`);
  }

  #fromLocation(): void {
    const p = location.pathname.startsWith(this.base) ? location.pathname.slice(this.base.length) : location.pathname;
    const trimmed = p.replace(/\/index\.html$/, '/').replace(/\/+$/, '');
    this.path = trimmed === '' ? '/' : trimmed;
    this.search = location.search;
  }
}

/** The app's router, for pages and links, provided by App.svelte (Svelte's typed context: it throws outside App.svelte). */
export const [useRouter, provideRouter] = createContext<Router>();
