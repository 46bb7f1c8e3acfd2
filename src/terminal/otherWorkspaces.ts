/**
 * Which repositories an agent terminal's git helper leaves to other connections (issue 25): an
 * agent terminal carries its own connection's secret only, so when another stored connection
 * shares its git host (two Cloud accounts on bitbucket.org), the helper steps aside for that
 * connection's workspace (Cloud) or project (Data Center), and VS Code's Git answers with it
 * from the extension host instead.
 *
 * Pure: no `vscode` import.
 */
import { isProjectKey } from '../bitbucket/dataCenterNames';
import { isWorkspaceSlug } from '../bitbucket/workspaceSlug';
import { pinnedOrigins } from '../connection/origins';
import type { ConnectionProfile } from '../connection/profile';

/**
 * What reaches the shell: lower-case path segments of slug characters, joined by `/`, none
 * starting with a dot. No space, quote, `$`, glob or line break can pass.
 */
const safePathPrefix = /^[a-z0-9_-][a-z0-9_.-]*(?:\/[a-z0-9_-][a-z0-9_.-]*)*$/;

/**
 * The path prefixes, as git's credential request names a repository's path (no leading `/`,
 * lower case), of the workspaces or projects that the other connections on `profile`'s git host
 * are for; its own left out (its own connection answers there). Newest connection first, each once.
 */
export function otherWorkspacePaths(profile: ConnectionProfile, connections: readonly ConnectionProfile[]): string[] {
  const host = pinnedOrigins(profile).git;
  const own = workspacePath(profile);
  const others = connections
    .filter((other) => other.credentialId !== profile.credentialId && pinnedOrigins(other).git === host)
    .map(workspacePath)
    .filter((path): path is string => path !== undefined && path !== own);
  return [...new Set(others)];
}

/**
 * A Cloud connection's workspace (`acme` of `https://bitbucket.org/acme/repo.git`), a Data Center
 * connection's project under its server (`bitbucket/scm/proj` of
 * `https://host/bitbucket/scm/PROJ/repo.git`), or none when it names neither (or in odd characters).
 */
function workspacePath(connection: ConnectionProfile): string | undefined {
  let path: string | undefined;
  if (connection.credentialType !== 'dataCenter') path = isWorkspaceSlug(connection.workspace) ? connection.workspace : undefined;
  else if (isProjectKey(connection.projectKey) && connection.serverUrl !== undefined) {
    const serverPath = new URL(connection.serverUrl).pathname.replace(/^\/+|\/+$/g, '');
    path = [serverPath, 'scm', connection.projectKey].filter((segment) => segment !== '').join('/');
  }
  const lower = path?.toLowerCase();
  return lower !== undefined && safePathPrefix.test(lower) ? lower : undefined;
}
