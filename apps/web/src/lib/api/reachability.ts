/**
 * Whether anything answers at a server URL, ignoring CORS. A browser reports a server that refuses this page's
 * origin exactly like one that is down (a bare TypeError); an opaque `no-cors` request still completes when
 * something answers, which tells the two apart.
 */
export async function somethingAnswers(serverUrl: string, timeoutMs = 3000): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await fetch(new URL('health', `${serverUrl.replace(/\/$/, '')}/`).href, { mode: 'no-cors', cache: 'no-store', signal: controller.signal });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The origin a page at `pageOrigin` calling `serverUrl` sends, when the two differ (null when they are the same). */
export function crossOrigin(serverUrl: string, pageOrigin: string): string | null {
  try {
    return new URL(serverUrl).origin === pageOrigin ? null : pageOrigin;
  } catch {
    return null;
  }
}
