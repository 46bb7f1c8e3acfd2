/**
 * Notes at the top of the Connect form that a user should read before connecting.
 *
 * Pure: no `vscode` import.
 */
import { userMessage, type UserMessage } from '../userMessage';
import { defaultApiBaseUrl, defaultGitBaseUrl, defaultMcpUrl } from './baseUrl';
import type { BitbucketSettings } from './settings';

/**
 * Before the first Connect: the hosts the credential will go to, when any of them is not the
 * default, so that nobody connects unknowingly to a host a dev container's settings named.
 * `mcpUrl`: the MCP server's URL, `undefined` when it is off.
 */
export function hostsNotice(settings: Pick<BitbucketSettings, 'apiBaseUrl' | 'gitBaseUrl'>, mcpUrl: string | undefined): UserMessage | undefined {
  const { apiBaseUrl, gitBaseUrl } = settings;
  if (apiBaseUrl === defaultApiBaseUrl && gitBaseUrl === defaultGitBaseUrl && (mcpUrl === undefined || mcpUrl === defaultMcpUrl)) return undefined;
  const mcp = mcpUrl === undefined ? userMessage('off') : new URL(mcpUrl).origin;
  return userMessage(
    'Your settings send this credential to hosts other than Bitbucket\'s own: API {0}, git {1}, MCP server {2}. Connect only if you chose them.',
    new URL(apiBaseUrl).origin,
    new URL(gitBaseUrl).origin,
    mcp,
  );
}

/** While another extension waits for a session that needs `scopes`. */
export function requestedScopesNotice(scopes: readonly string[]): UserMessage {
  return userMessage('An extension asked for a Bitbucket token with these scopes: {0}.', scopes.join(', '));
}

/** After a Connect whose token lacks some of them: the extension was refused, and the form stays open for another token. */
export function missingScopesNotice(missing: readonly string[]): UserMessage {
  return userMessage('This token lacks {0}, which the extension asked for, so it got nothing. Connect a token that has them.', missing.join(', '));
}
