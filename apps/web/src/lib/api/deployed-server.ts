import { normaliseServerUrl } from './settings.svelte.js';

/** The file a deployed copy of the explorer may carry next to index.html, naming its run service. */
export const DEPLOY_FILE = 'aelab-server.json';

/**
 * Reads `aelab-server.json` (`{"server": "https://runs.example.org"}`) from the site, so whoever deploys the static
 * build can point its runs pages at a server without rebuilding. Missing or unreadable: null (the page's own
 * origin stays the default); a user's own choice in Server settings still wins.
 */
export async function readDeployedServer(base: string, fetcher: typeof fetch = fetch): Promise<string | null> {
  try {
    const res = await fetcher(`${base.replace(/\/?$/, '/')}${DEPLOY_FILE}`, { cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as { server?: unknown };
    return typeof body.server === 'string' ? normaliseServerUrl(body.server) : null;
  } catch {
    return null;
  }
}
