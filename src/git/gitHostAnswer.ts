/**
 * Which stored connection VS Code's Git gets for a host, and what it gets. The Git extension's
 * askpass asks this on behalf of every git process in VS Code (Source Control, Clone, any
 * integrated terminal), with the URL from git's prompt ("Username for 'https://host':"), which
 * names the repository's path too when `credential.useHttpPath` is set for the host
 * ("Username for 'https://host/acme/widgets.git':"; agent terminals set it where two connections
 * share a host).
 *
 * Pure: no `vscode` import.
 */
import { isLoopbackHost } from '../bitbucket/loopback';
import { chooseActive } from '../connection/activeConnection';
import { identityOf } from '../connection/connectionList';
import { pinnedOrigins } from '../connection/origins';
import type { ConnectionProfile } from '../connection/profile';
import { gitUsernameFor } from '../connection/session';
import type { StoredCredentials } from '../connection/storedConnection';

/** What is stored, read at each git call, so Disconnect, Replace Token and another window's change apply to the next one. */
export interface StoredConnections {
  /** Every stored connection, newest first. */
  readonly connections: () => readonly ConnectionProfile[];
  /** This window's connection: it answers when the repository's path does not decide. */
  readonly active: () => ConnectionProfile | undefined;
  /** One connection's profile and secret, never paired with another one's (storedConnection.ts). */
  readonly readCredentials: (credentialId: string) => Promise<StoredCredentials>;
}

/** What the decision reads of the `vscode.Uri` git's prompt was parsed into. */
export interface GitHostUri {
  readonly scheme: string;
  readonly authority: string;
  /** The repository's path (`/acme/widgets.git`), when git sent it; else empty or absent. */
  readonly path?: string;
}

export type GitHostAnswer =
  | { readonly answered: true; readonly host: string; readonly username: string; readonly password: string }
  | { readonly answered: false; readonly reason: 'otherHost' | 'notConnected' | 'changedElsewhere' | 'untrusted' | 'headerOnly' };

/**
 * Only the git origin pinned at Connect, the one the agent terminal's helper is scoped to, and
 * written exactly so: the same scheme, host and port, nothing else in the authority. No user
 * name (git asks such a URL only for a password, which VS Code never asks a provider for, and
 * the name may not be the connection's), no `http:` beyond this machine, and no name that merely
 * starts or ends like it (`bitbucket.org.evil.example`, `xbitbucket.org`).
 */
export function isPinnedGitHost(host: GitHostUri, pinnedGitOrigin: string): boolean {
  const authority = host.authority.toLowerCase();
  if (host.scheme !== 'https' && host.scheme !== 'http') return false;
  if (authority.includes('@')) return false;
  let url: URL;
  try {
    url = new URL(`${host.scheme}://${authority}`);
  } catch {
    return false;
  }
  // The parser forgives what git would not send (a `\`, a default port): only its own spelling passes.
  if (url.host !== authority) return false;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return false;
  return url.origin === pinnedGitOrigin;
}

/**
 * The connection that answers a git request: one of those whose pinned git origin is the
 * request's. Of several (two Cloud accounts on bitbucket.org), the one whose workspace (Cloud) or
 * project (Data Center, `/scm/KEY/`) the request's path names, by the rule that picks a window's
 * connection from its folder's remote (activeConnection.ts); else, or when the path names
 * several, the window's `active` connection if it is one of them, else the newest of them.
 * `connections` newest first. None for a host no connection is pinned to.
 */
export function connectionForGitRequest(
  request: GitHostUri,
  connections: readonly ConnectionProfile[],
  active: ConnectionProfile | undefined,
): ConnectionProfile | undefined {
  const onHost = connections.filter((connection) => isPinnedGitHost(request, pinnedOrigins(connection).git));
  if (onHost.length <= 1) return onHost[0];
  const repositoryUrl = `${request.scheme}://${request.authority}${request.path ?? ''}`;
  const choice = chooseActive(onHost, [repositoryUrl], active && identityOf(active));
  return choice.kind === 'chosen' ? choice.connection : undefined;
}

/**
 * The answer for `host`, from what is stored at the moment git asks, so Disconnect, Replace Token
 * and another window's change apply to the very next git call. The user name is the agent
 * terminal's (`gitUsernameFor`), so the two never sign in as different accounts.
 */
export function gitHostAnswer(host: GitHostUri, stored: StoredCredentials, trusted: boolean): GitHostAnswer {
  if (stored.state === 'disconnected') return { answered: false, reason: 'notConnected' };
  const pinned = pinnedOrigins(stored.profile).git;
  if (!isPinnedGitHost(host, pinned)) return { answered: false, reason: 'otherHost' };
  if (stored.state === 'changedElsewhere') return { answered: false, reason: 'changedElsewhere' };
  if (!trusted) return { answered: false, reason: 'untrusted' };
  const username = gitUsernameFor(stored.profile);
  // A Data Center project or repository token works only as a Bearer header (issue 24), which askpass cannot give.
  if (username === undefined) return { answered: false, reason: 'headerOnly' };
  return { answered: true, host: pinned, username, password: stored.secret };
}

/**
 * The answer to one git request: the connection for it (connectionForGitRequest), with its own
 * secret only. When that secret is missing here (`changedElsewhere`), there is no answer: no
 * other connection's secret stands in, whatever host they share.
 */
export async function answerGitRequest(request: GitHostUri, stored: StoredConnections, trusted: boolean): Promise<GitHostAnswer> {
  const connection = connectionForGitRequest(request, stored.connections(), stored.active());
  if (!connection) return { answered: false, reason: 'otherHost' };
  return gitHostAnswer(request, await stored.readCredentials(connection.credentialId), trusted);
}
