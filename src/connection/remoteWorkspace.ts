/**
 * Which Bitbucket workspace the open folders' git remotes point to, to suggest it in the form and
 * to say when the stored workspace is another one. Remote URLs come from the folder: hostile.
 *
 * Pure: no `vscode` import.
 */
import { isWorkspaceSlug } from '../bitbucket/workspaceSlug';
import { userMessage, type UserMessage } from '../userMessage';

// git reads `[user@]host:path` as SSH when no "/" comes before the ":".
const scpLike = /^(?:[^@/]+@)?([^@/:]+):(?!\/\/)(.+)$/;

/** A repository on the git host, as a remote URL names it. */
export interface RemoteRepository {
  readonly workspace: string;
  /** The repository slug, lower case, without `.git`. */
  readonly repository: string;
}

/**
 * The repository of a remote URL on the git host: `https://[user@]host/ws/repo[.git]` (the whole
 * origin must match), `ssh://[user@]host[:port]/ws/repo.git` or `[user@]host:ws/repo.git` (the
 * host name must match: SSH has its own port). Anything else, or a path that is not `ws/repo`: none.
 */
export function repositoryOfRemote(remoteUrl: string, gitOrigin: string): RemoteRepository | undefined {
  let host: URL;
  try {
    host = new URL(gitOrigin);
  } catch {
    return undefined;
  }
  const scp = scpLike.exec(remoteUrl.trim());
  if (scp) return scp[1].toLowerCase() === host.hostname ? repositoryOfPath(scp[2]) : undefined;
  let url: URL;
  try {
    url = new URL(remoteUrl.trim());
  } catch {
    return undefined;
  }
  const sameHost = url.protocol === 'ssh:' ? url.hostname === host.hostname : url.origin === host.origin;
  return sameHost ? repositoryOfPath(url.pathname) : undefined;
}

/** The workspace of a remote URL on the git host (see repositoryOfRemote). */
export function workspaceOfRemote(remoteUrl: string, gitOrigin: string): string | undefined {
  return repositoryOfRemote(remoteUrl, gitOrigin)?.workspace;
}

const repositorySlug = /^[a-z0-9._-]{1,128}$/;

function repositoryOfPath(path: string): RemoteRepository | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length !== 2) return undefined;
  let workspace: string;
  let repository: string;
  try {
    workspace = decodeURIComponent(segments[0]).toLowerCase();
    repository = decodeURIComponent(segments[1]).toLowerCase().replace(/\.git$/, '');
  } catch {
    return undefined;
  }
  if (!isWorkspaceSlug(workspace)) return undefined;
  // The workspace alone is still worth knowing when the repository part is odd.
  return { workspace, repository: repositorySlug.test(repository) && !/^\.+$/.test(repository) ? repository : '' };
}

/** The distinct workspaces of `remoteUrls` on the git host, in the order found. */
export function remoteWorkspaces(remoteUrls: readonly string[], gitOrigin: string): string[] {
  const found = remoteUrls.map((url) => workspaceOfRemote(url, gitOrigin)).filter((slug) => slug !== undefined);
  return [...new Set(found)];
}

/** The distinct repositories of `remoteUrls` on the git host, in the order found. */
export function remoteRepositories(remoteUrls: readonly string[], gitOrigin: string): RemoteRepository[] {
  const found = new Map<string, RemoteRepository>();
  for (const url of remoteUrls) {
    const remote = repositoryOfRemote(url, gitOrigin);
    if (remote && remote.repository !== '') found.set(`${remote.workspace}/${remote.repository}`, remote);
  }
  return [...found.values()];
}

/** Said in the status bar tooltip and an agent terminal's first line; nothing is blocked. */
export function workspaceMismatch(stored: string | undefined, remote: readonly string[]): UserMessage | undefined {
  if (stored === undefined || remote.length === 0 || remote.includes(stored)) return undefined;
  return userMessage('The open folder\'s git remote is in workspace {0}, but agents use workspace {1}.', remote.join(', '), stored);
}
