/**
 * The Server URL of a Bitbucket Data Center connection, typed in the Connect form. The token is
 * sent there, so the rules of the URL settings apply (baseUrl.ts): `https:` only, `http:` only to
 * this machine, one real host, no user name. Plain TypeScript: stored profiles are checked with it
 * at activation.
 */
import { userMessage, type UserMessage } from '../userMessage';
import { isLoopbackHost } from '../bitbucket/loopback';
import { isRealHostname } from './baseUrl';

export type ServerUrlResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: UserMessage };

/** Hosts of Bitbucket Cloud, whose tokens are API or access tokens, never Data Center's. */
const cloudHosts = new Set(['bitbucket.org', 'www.bitbucket.org', 'api.bitbucket.org']);

export const missingServerUrl = userMessage('Enter the address of your Bitbucket Data Center server (for example https://bitbucket.example.com).');

/** The server's base URL (origin and context path, no trailing slash), from what the user typed or a stored profile holds. */
export function parseServerUrl(value: unknown): ServerUrlResult {
  const refused = (problem: UserMessage): ServerUrlResult => ({ ok: false, problem });
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return refused(missingServerUrl);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return refused(userMessage('Enter a web address, like https://bitbucket.example.com.'));
  }
  if (url.username || url.password) return refused(userMessage('Leave the user name and password out of the address: the token signs in.'));
  if (!isRealHostname(url.hostname)) return refused(userMessage('Enter one server: a host name or an IP address (for example https://bitbucket.example.com).'));
  if (cloudHosts.has(url.hostname)) {
    return refused(userMessage('{0} is Bitbucket Cloud: choose "API token" (or "Access token" for a repository, project or workspace token) instead.', url.hostname));
  }
  if (url.search || url.hash) return refused(userMessage('Enter the server address without "?" or "#" and what follows.'));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return refused(userMessage('The address must start with https:// (http:// only for this machine), so the token never travels unencrypted.'));
  }
  // A pasted REST address is the server's plus the API path: keep the server's.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/rest(\/api(\/(latest|1\.0))?)?$/i, '');
  return { ok: true, url: `${url.origin}${path}` };
}

/** The REST API's base under a server URL (Data Center serves it at `/rest/api/latest`, issue 24). */
export const dataCenterApiBaseUrl = (serverUrl: string): string => `${serverUrl}/rest/api/latest`;
