/**
 * Which connection a window uses (issue 25), in this order:
 * 1. the open folders' git remotes: the connections on a remote's host, then, of those, the ones
 *    whose workspace (Cloud) or project (Data Center) the remote names, when exactly one matches;
 * 2. else the user's last pick for this workspace;
 * 3. else the most recently connected.
 * Two connections that match the remotes equally are a tie: the window asks once (and the pick,
 * remembered, settles it from then on).
 *
 * Pure: no `vscode` import. Remote URLs come from the folder: hostile, parsed strictly.
 */
import { isProjectKey } from '../bitbucket/dataCenterNames';
import { identityOf } from './connectionList';
import { pinnedOrigins } from './origins';
import type { ConnectionProfile } from './profile';
import { workspaceOfRemote } from './remoteWorkspace';

export type ActiveReason = 'remote' | 'picked' | 'recent';

export type ActiveChoice =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'chosen';
      readonly connection: ConnectionProfile;
      readonly reason: ActiveReason;
      /** Connections the remotes matched equally, when the pick or recency had to decide (the window asks once). */
      readonly tiedWith: readonly ConnectionProfile[];
    };

/**
 * `connections` newest first (connectionList.ts); `remoteUrls` of the open folders;
 * `lastPick` the identity (connectionList.ts `identityOf`) the user chose for this workspace, if
 * any: an identity, not a credential id, so the pick survives Replace Token in any window.
 */
export function chooseActive(connections: readonly ConnectionProfile[], remoteUrls: readonly string[], lastPick: string | undefined): ActiveChoice {
  const newest = connections[0];
  if (newest === undefined) return { kind: 'none' };
  const matched = matchRemotes(connections, remoteUrls);
  if (matched.length === 1) return { kind: 'chosen', connection: matched[0], reason: 'remote', tiedWith: [] };
  const tiedWith = matched.length > 1 ? matched : [];
  // A tie is settled by the user's pick only when the pick is one of the tied.
  const pool = tiedWith.length > 0 ? tiedWith : connections;
  const picked = lastPick === undefined ? undefined : pool.find((connection) => identityOf(connection) === lastPick);
  if (picked) return { kind: 'chosen', connection: picked, reason: 'picked', tiedWith };
  return { kind: 'chosen', connection: pool[0], reason: 'recent', tiedWith };
}

/** The connections the remotes point to: by host first, then by workspace or project when the host alone is not enough. */
function matchRemotes(connections: readonly ConnectionProfile[], remoteUrls: readonly string[]): ConnectionProfile[] {
  const onHost = connections.filter((connection) => remoteUrls.some((url) => ownerOfRemote(url, connection) !== undefined));
  if (onHost.length <= 1) return onHost;
  const owned = onHost.filter((connection) => remoteUrls.some((url) => ownsRemote(connection, ownerOfRemote(url, connection))));
  return owned.length === 0 ? onHost : owned;
}

/** Whether the connection is for the workspace (Cloud) or project (Data Center) a remote names. */
function ownsRemote(connection: ConnectionProfile, owner: string | undefined): boolean {
  if (owner === undefined) return false;
  if (connection.credentialType === 'dataCenter') return connection.projectKey !== undefined && connection.projectKey.toUpperCase() === owner.toUpperCase();
  return connection.workspace === owner;
}

/**
 * The workspace or project a remote names on the connection's git host, `''` when the remote is
 * on that host but names neither, `undefined` when it is on another host. Data Center serves git
 * at `<server>/scm/{PROJECT}/{repo}.git`.
 */
export function ownerOfRemote(remoteUrl: string, connection: ConnectionProfile): string | undefined {
  const { git } = pinnedOrigins(connection);
  if (connection.credentialType !== 'dataCenter') {
    const workspace = workspaceOfRemote(remoteUrl, git);
    if (workspace !== undefined) return workspace;
    return sameOrigin(remoteUrl, git) ? '' : undefined;
  }
  if (!sameOrigin(remoteUrl, git)) return undefined;
  const serverPath = new URL(connection.serverUrl ?? git).pathname.replace(/\/+$/, '');
  const path = new URL(remoteUrl.trim()).pathname;
  const match = /^\/scm\/([^/]+)\/[^/]+$/.exec(path.startsWith(`${serverPath}/`) ? path.slice(serverPath.length) : '');
  const key = match?.[1];
  return key !== undefined && isProjectKey(key) ? key.toUpperCase() : '';
}

function sameOrigin(remoteUrl: string, origin: string): boolean {
  try {
    return new URL(remoteUrl.trim()).origin === origin;
  } catch {
    return false;
  }
}
