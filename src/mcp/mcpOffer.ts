import { basicAuthorization } from '../bitbucket/credentials';
import { defaultApiBaseUrl, defaultMcpUrl, parseBaseUrl } from '../connection/baseUrl';
import type { ConnectionProfile } from '../connection/profile';
import { settingNames } from '../connection/settingNames';
import { mcpOriginChange, originChangeMessage, pinnedOrigins, type OriginChange } from '../connection/origins';
import type { ConnectionStatus, StoredCredentials } from '../connection/storedConnection';
import { userMessage, type UserMessage } from '../userMessage';

const mcpServerLabel = 'Bitbucket (Nora)';

/**
 * A connection's server as VS Code lists it, e.g. `Bitbucket (Nora): ada@example.com`; VS Code's id
 * for it is `<extension id>/<label>`. From the account alone (its email, and its API host when that
 * is not Bitbucket's own), so it stays the same across Replace Token and differs between accounts.
 */
export function mcpServerLabelFor(profile: ConnectionProfile): string {
  const api = pinnedOrigins(profile).api;
  const host = api === new URL(defaultApiBaseUrl).origin ? '' : ` (${new URL(api).host})`;
  return `${mcpServerLabel}: ${profile.email ?? ''}${host}`;
}
export const mcpUrlSetting = settingNames.mcpUrl;

/** `url: undefined`: the user turned the MCP server off with an empty value. */
export type McpUrlResult = { readonly ok: true; readonly url: string | undefined } | { readonly ok: false; readonly problem: UserMessage };

/** Same rule as the other URLs the credentials go to: `https:`, or `http:` to this machine. */
export function parseMcpUrl(value: unknown): McpUrlResult {
  if (value === undefined) return { ok: true, url: defaultMcpUrl };
  if (typeof value === 'string' && value.trim() === '') return { ok: true, url: undefined };
  const parsed = parseBaseUrl(mcpUrlSetting, value);
  return parsed.ok ? { ok: true, url: parsed.url } : parsed;
}

export type McpOffer =
  | { readonly offered: true; readonly label: string; readonly url: string; readonly email: string; readonly credentialId: string }
  | { readonly offered: false; readonly reason: Exclude<McpNotOfferedReason, 'originChanged'>; readonly problem: UserMessage }
  /** The setting names another host than the one pinned at Connect: the user must confirm it first. */
  | { readonly offered: false; readonly reason: 'originChanged'; readonly problem: UserMessage; readonly change: OriginChange };

export type McpNotOfferedReason = 'notConnected' | 'changedElsewhere' | 'appPassword' | 'accessToken' | 'dataCenter' | 'turnedOff' | 'settings' | 'originChanged';

/**
 * Whether VS Code's agents get the MCP server, decided from what is stored (never the secret) and
 * the setting. This is the one place that accepts the URL the token is sent to, the origin pinned
 * at Connect included, so provide, resolve and the Start command all agree.
 */
export function planMcpServer(status: ConnectionStatus, mcpUrl: McpUrlResult): McpOffer {
  const notOffered = (reason: Exclude<McpNotOfferedReason, 'originChanged'>, problem: UserMessage): McpOffer => ({ offered: false, reason, problem });
  if (status.state === 'disconnected') {
    return notOffered('notConnected', userMessage('Bitbucket is not connected. Connect Bitbucket with an API token first.'));
  }
  if (status.state === 'changedElsewhere') {
    return notOffered('changedElsewhere', userMessage('The Bitbucket connection was changed in another window. Reload this window.'));
  }
  const { profile } = status;
  // Rovo's MCP server signs in with an Atlassian account; an access token is a bot with none (issue 24).
  if (profile.credentialType === 'accessToken') {
    return notOffered('accessToken', userMessage("Atlassian's MCP server needs an API token; a repository, project or workspace access token cannot sign in to it."));
  }
  // Rovo serves Bitbucket Cloud only (issue 24).
  if (profile.credentialType === 'dataCenter') {
    return notOffered('dataCenter', userMessage("Atlassian's MCP server works with Bitbucket Cloud and an API token; it cannot use a Data Center token."));
  }
  if (profile.credentialType !== 'apiToken' || !profile.email) {
    return notOffered('appPassword', userMessage("Atlassian's MCP server needs an API token; an app password (legacy) cannot sign in to it."));
  }
  if (!mcpUrl.ok) return notOffered('settings', mcpUrl.problem);
  if (mcpUrl.url === undefined) return notOffered('turnedOff', userMessage('The setting {0} is empty, which turns the MCP server off.', mcpUrlSetting));
  const change = mcpOriginChange(profile, mcpUrl.url);
  if (change) return { offered: false, reason: 'originChanged', problem: originChangeMessage(change), change };
  return { offered: true, label: mcpServerLabelFor(profile), url: mcpUrl.url, email: profile.email, credentialId: profile.credentialId };
}

export type OfferedMcpServer = McpOffer & { readonly offered: true };

/** One server per API-token connection that may have one, by label (the first of a label wins); from the profiles alone, no secret. */
export function offeredMcpServers(connections: readonly ConnectionProfile[], mcpUrl: McpUrlResult): OfferedMcpServer[] {
  const servers = new Map<string, OfferedMcpServer>();
  for (const profile of connections) {
    const offer = planMcpServer({ state: 'connected', profile }, mcpUrl);
    if (offer.offered && !servers.has(offer.label)) servers.set(offer.label, offer);
  }
  return [...servers.values()];
}

export type McpAuthorization = { readonly ok: true; readonly url: string; readonly authorization: string } | { readonly ok: false; readonly problem: UserMessage };

/**
 * The header for a server VS Code is about to start, read at that moment so a reconnect applies to
 * the next start. Only for the URL the setting names now: a definition VS Code kept from earlier
 * never gets the token.
 */
export function mcpAuthorization(credentials: StoredCredentials, mcpUrl: McpUrlResult, requestedUrl: string): McpAuthorization {
  const status: ConnectionStatus = credentials.state === 'connected' ? { state: 'connected', profile: credentials.profile } : credentials;
  const offer = planMcpServer(status, mcpUrl);
  if (!offer.offered) return { ok: false, problem: offer.problem };
  if (credentials.state !== 'connected') return { ok: false, problem: userMessage('Bitbucket is not connected.') };
  if (!sameUrl(requestedUrl, offer.url)) {
    return { ok: false, problem: userMessage('The MCP server URL changed to {0}; VS Code refreshes the server list.', offer.url) };
  }
  const authorization = basicAuthorization({ type: 'apiToken', restUsername: offer.email, secret: credentials.secret });
  return { ok: true, url: offer.url, authorization };
}

function sameUrl(a: string, b: string): boolean {
  const normalise = (value: string) => new URL(value).href.replace(/\/+$/, '');
  try {
    return normalise(a) === normalise(b);
  } catch {
    return false;
  }
}
