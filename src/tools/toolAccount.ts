/**
 * Which connection a tool call uses (issue 25): the one the `account` input names, else the Cloud
 * connection for the workspace the call is about (the `workspace` input, else the open folder's
 * remote), else this window's connection when it is Cloud, else the only Cloud connection. Two
 * that fit equally are never guessed between: the model is asked to name the account. Chosen from
 * the stored list alone: no secret is read here.
 *
 * Pure: no `vscode` import. Display names are Bitbucket's text: neutralised wherever shown.
 */
import { neutraliseServerText } from '../bitbucket/serverText';
import { credentialMessage } from '../connection/connectionMessages';
import { pinnedOrigins } from '../connection/origins';
import type { ConnectionProfile } from '../connection/profile';
import { remoteRepositories } from '../connection/remoteWorkspace';
import { accountLabelFor } from '../connection/session';
import { fillPlaceholders, renderMessage, userMessage, type UserMessage } from '../userMessage';
import { quote } from './toolText';

export interface AccountRequest {
  readonly account?: string | undefined;
  readonly workspace?: string | undefined;
  readonly repository?: string | undefined;
}

export type AccountChoice = { readonly ok: true; readonly profile: ConnectionProfile } | { readonly ok: false; readonly problem: UserMessage };

/** What the connections are called in the `account` input: the Accounts menu's label, the display name, the username and the email. */
export function accountNames(profile: ConnectionProfile): string[] {
  const names = [accountLabelFor(profile), profile.displayName, profile.username, profile.email];
  return [...new Set(names.filter((name): name is string => name !== undefined && name !== '').map((name) => name.trim().toLowerCase()))];
}

const isCloud = (profile: ConnectionProfile): boolean => profile.credentialType !== 'dataCenter';

/**
 * `connections`: every stored one; `active`: this window's; `readRemoteUrls` is asked only when
 * neither the account nor the workspace is given.
 */
export async function chooseToolAccount(
  connections: readonly ConnectionProfile[],
  active: ConnectionProfile | undefined,
  request: AccountRequest,
  readRemoteUrls: () => Promise<readonly string[]>,
): Promise<AccountChoice | { readonly ok: false; readonly reason: 'none' | 'dataCenter' }> {
  if (request.account !== undefined) return byName(connections, request.account);
  const cloud = connections.filter(isCloud);
  if (cloud.length === 0) return { ok: false, reason: connections.length === 0 ? 'none' : 'dataCenter' };
  const workspaces = request.workspace !== undefined ? undefined : remoteWorkspacesByConnection(cloud, request.repository, await readRemoteUrls());
  const forWorkspace = cloud.filter((profile) => {
    if (profile.workspace === undefined) return false;
    return request.workspace !== undefined ? profile.workspace.toLowerCase() === request.workspace.toLowerCase() : (workspaces?.get(profile) ?? []).includes(profile.workspace);
  });
  if (forWorkspace.length === 1) return { ok: true, profile: forWorkspace[0] };
  if (forWorkspace.length > 1) return { ok: false, problem: severalMessage(forWorkspace) };
  if (active !== undefined && isCloud(active)) return { ok: true, profile: active };
  if (cloud.length === 1) return { ok: true, profile: cloud[0] };
  return { ok: false, problem: userMessage('Say which Bitbucket account with the account input: none is for this workspace, and there are several: {0}.', choices(cloud)) };
}

/** The connection the `account` input names, case-insensitively; a name two connections share is refused, listing them. */
function byName(connections: readonly ConnectionProfile[], account: string): AccountChoice | { readonly ok: false; readonly reason: 'dataCenter' } {
  const wanted = account.trim().toLowerCase();
  const named = connections.filter((profile) => accountNames(profile).includes(wanted));
  const said = neutraliseServerText(account, 100);
  if (named.length === 0) {
    return {
      ok: false,
      problem:
        connections.length === 0
          ? userMessage('No Bitbucket connection is named {0}: none is connected. Run "Nora: Connect Bitbucket", then try again.', said)
          : userMessage('No Bitbucket connection is named {0}. The connections are: {1}.', said, choices(connections)),
    };
  }
  if (named.length > 1) return { ok: false, problem: userMessage('Several Bitbucket connections are named {0}: {1}. Name one by another of its names.', said, choices(named)) };
  return isCloud(named[0]) ? { ok: true, profile: named[0] } : { ok: false, reason: 'dataCenter' };
}

/** For each connection, the workspaces of the open folder's remotes on its git host (of `repository`'s remote, when one names it). */
function remoteWorkspacesByConnection(cloud: readonly ConnectionProfile[], repository: string | undefined, remoteUrls: readonly string[]): Map<ConnectionProfile, string[]> {
  const byConnection = new Map<ConnectionProfile, string[]>();
  for (const profile of cloud) {
    const remotes = remoteRepositories(remoteUrls, pinnedOrigins(profile).git);
    const named = repository === undefined ? [] : remotes.filter((remote) => remote.repository === repository.toLowerCase());
    byConnection.set(profile, (named.length > 0 ? named : remotes).map((remote) => remote.workspace));
  }
  return byConnection;
}

const severalMessage = (tied: readonly ConnectionProfile[]): UserMessage =>
  userMessage('Several Bitbucket connections are for workspace {0}: {1}. Say which with the account input.', [...new Set(tied.map((profile) => profile.workspace))].join(', '), choices(tied));

/** Each connection as the model can name it: `"Ada" (ada@example.com)`, its Accounts menu label in brackets. */
function choices(connections: readonly ConnectionProfile[]): string {
  return connections.map((profile) => `${quote(profile.displayName, 100)} (${neutraliseServerText(accountLabelFor(profile), 100)})`).join('; ');
}

/** The first line of every result: whose credentials were used, e.g. `Bitbucket account: "Ada" (API token (ada@example.com) on bitbucket.org)`. */
export const accountLine = (profile: ConnectionProfile): string => `Bitbucket account: ${accountText(profile)}`;

/** The connection as the result and the confirmation name it: `"Ada" (API token (ada@example.com) on bitbucket.org)`. */
export function accountText(profile: ConnectionProfile): string {
  // In the words the status bar uses, untranslated for the model; an email is text a server may have sent (Data Center).
  const credential = renderMessage(credentialMessage(profile), (text, ...args) => fillPlaceholders(text, ...args.map((arg) => neutraliseServerText(String(arg), 100))));
  return `${quote(profile.displayName, 100)} (${credential} on ${new URL(pinnedOrigins(profile).git).host})`;
}
