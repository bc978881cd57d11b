import type { Component } from 'svelte';

export interface Route {
  /** Path below the app's base, e.g. `/` or `/runs`. */
  path: string;
  title: string;
  component: Component;
  /** Listed in the header's navigation. */
  nav?: boolean;
}

/**
 * A small History-API router: pages are matched on the path below Vite's base URL, and the query string is left
 * to the page (the playground keeps its config there). A server in front of the build must answer unknown paths
 * with index.html (Vite's dev and preview servers do).
 */
export class Router {
  path = $state('/');
  readonly base: string;

  constructor(
    readonly routes: Route[],
    base = '/',
  ) {
    this.base = base.endsWith('/') ? base.slice(0, -1) : base;
    this.path = this.fromLocation();
    window.addEventListener('popstate', () => (this.path = this.fromLocation()));
  }

  get current(): Route | null {
    return this.routes.find((r) => r.path === this.path) ?? null;
  }

  href(path: string): string {
    return `${this.base}${path}`;
  }

  navigate(path: string, event?: MouseEvent): void {
    if (event && (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)) return;
    event?.preventDefault();
    if (path === this.path) return;
    history.pushState(null, '', this.href(path));
    this.path = path;
  }

  private fromLocation(): string {
    const p = location.pathname.startsWith(this.base) ? location.pathname.slice(this.base.length) : location.pathname;
    const trimmed = p.replace(/\/index\.html$/, '/').replace(/\/+$/, '');
    return trimmed === '' ? '/' : trimmed;
  }
}
