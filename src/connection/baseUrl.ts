import { isLoopbackHost } from '../bitbucket/loopback';
import { userMessage, type UserMessage } from '../userMessage';

// Plain TypeScript, no zod: the MCP provider checks its URL with this when VS Code lists servers,
// which can happen at activation, and origins.ts needs the defaults there too.

export const defaultApiBaseUrl = 'https://api.bitbucket.org/2.0';
export const defaultGitBaseUrl = 'https://bitbucket.org';
/** Atlassian's remote MCP server; its Bitbucket tools accept a scoped API token. */
export const defaultMcpUrl = 'https://mcp.atlassian.com/v1/mcp';

export type BaseUrlResult = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly problem: UserMessage };

/**
 * Credentials are sent to this URL, so only `https:` is allowed, and `http:` only for this
 * machine (the loopback fakes used in tests and demos).
 */
export function parseBaseUrl(settingName: string, value: unknown): BaseUrlResult {
  const refused = (reason: UserMessage): BaseUrlResult => ({ ok: false, problem: reason });
  if (typeof value !== 'string' || value.trim() === '') {
    return refused(userMessage('The setting {0} must be a URL.', settingName));
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return refused(userMessage('The setting {0} is not a valid URL: "{1}".', settingName, value));
  }
  if (url.username || url.password) {
    return refused(userMessage('The setting {0} must not contain a user name or password.', settingName));
  }
  if (!isRealHostname(url.hostname)) {
    // git reads "*" in a credential URL as a wildcard, so the helper would answer other hosts.
    return refused(userMessage('The setting {0} must name one host (a host name or an IP address): "{1}".', settingName, value));
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
  }
  return refused(
    userMessage(
      'The setting {0} is refused: "{1}". Credentials are only sent over https:, or http: to this machine (localhost, 127.0.0.1, [::1]).',
      settingName,
      value,
    ),
  );
}

const hostLabel = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const hostnamePattern = new RegExp(`^(?=.{1,253}$)${hostLabel}(?:\\.${hostLabel})*$`);

/** A DNS name or an IP literal, as the URL parser leaves it (lowercase, IPv6 in brackets); no wildcard. */
export function isRealHostname(hostname: string): boolean {
  return hostnamePattern.test(hostname) || /^\[[0-9a-f:.]+\]$/.test(hostname);
}

