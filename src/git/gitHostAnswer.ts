/**
 * Whether VS Code's Git gets the stored connection for a host, and what it gets. The Git
 * extension's askpass asks this on behalf of every git process in VS Code (Source Control, Clone,
 * any integrated terminal), with the host from git's prompt ("Username for 'https://host':").
 *
 * Pure: no `vscode` import.
 */
import { isLoopbackHost } from '../bitbucket/loopback';
import { pinnedOrigins } from '../connection/origins';
import { gitUsernameFor } from '../connection/session';
import type { StoredCredentials } from '../connection/storedConnection';

/** What the decision reads of the `vscode.Uri` git's prompt was parsed into. */
export interface GitHostUri {
  readonly scheme: string;
  readonly authority: string;
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
