import { describe, expect, it } from 'vitest';
import { matchRoute, type Route } from './router.svelte.js';

const page = (() => null) as unknown as Route['component'];
const routes: Route[] = [
  { path: '/', title: 'Playground', component: page },
  { path: '/runs', title: 'Runs', component: page },
  { path: '/runs/:id', title: 'Run', component: page },
  { path: '/compare', title: 'Compare', component: page },
];

describe('matchRoute', () => {
  it('matches fixed paths and decodes parameters', () => {
    expect(matchRoute(routes, '/')?.route.title).toBe('Playground');
    expect(matchRoute(routes, '/runs')?.route.title).toBe('Runs');
    expect(matchRoute(routes, '/runs/abc-123')).toEqual({ route: routes[2], params: { id: 'abc-123' } });
    expect(matchRoute(routes, '/runs/a%20b')?.params).toEqual({ id: 'a b' });
    expect(matchRoute(routes, '/compare')?.route.title).toBe('Compare');
  });

  it('finds nothing for other paths or undecodable parameters', () => {
    expect(matchRoute(routes, '/runs/a/b')).toBeNull();
    expect(matchRoute(routes, '/nope')).toBeNull();
    expect(matchRoute(routes, '/runs/%E0%A4%A')).toBeNull();
  });
});
