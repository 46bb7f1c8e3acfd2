/**
 * What every tool needs before it calls Bitbucket: a trusted folder, the connection the call is
 * about (toolAccount.ts) with its own secret, a client for settings that still point where that
 * secret was connected, and the workspace and repository (given, or taken from the profile and
 * the open folder's git remote). Each fault is one sentence with its fix.
 *
 * Pure: no `vscode` import.
 */
import type { BitbucketClient } from '../bitbucket/client';
import type { CredentialType } from '../bitbucket/credentialType';
import { BitbucketError } from '../bitbucket/errors';
import { scopeOf, RepositoryApi, type ApiScope, type RepositoryRef } from '../bitbucket/repositoryApi';
import { effectiveScopes } from '../bitbucket/scopes';
import { originChange, originChangeMessage, pinnedOrigins, type Origins } from '../connection/origins';
import type { ConnectionProfile } from '../connection/profile';
import { credentialsFor, inputFromProfile } from '../connection/profileFromUser';
import { remoteRepositories } from '../connection/remoteWorkspace';
import type { StoredCredentials } from '../connection/storedConnection';
import { neutraliseServerText } from '../bitbucket/serverText';
import { userMessage, type UserMessage } from '../userMessage';
import { chooseToolAccount, type AccountRequest } from './toolAccount';
import type { RepositoryInput } from './toolInputs';

export interface ToolDeps {
  /** Every stored connection, newest first, without secrets. */
  readonly listConnections: () => readonly ConnectionProfile[];
  /** This window's connection (activeConnection.ts). */
  readonly activeConnection: () => ConnectionProfile | undefined;
  /** One connection with its own secret, never another's (storedConnection.ts). */
  readonly readCredentials: (credentialId: string) => Promise<StoredCredentials>;
  /** A client for the current settings, and the origins they name; or why the settings are refused. */
  readonly createClient: () => { ok: true; client: BitbucketClient; origins: Origins } | { ok: false; problem: UserMessage };
  /** The open folders' git remote URLs (server-controlled text: parsed, never trusted). */
  readonly readRemoteUrls: () => Promise<readonly string[]>;
  readonly isTrusted: () => boolean;
  /** Told which connection a call chose, before it reads the secret (runTool names it in the result). */
  readonly chose?: (profile: ConnectionProfile) => void;
  /** The call's requests share it (runTool sets it): aborting it, as VS Code's cancel does, ends them. */
  readonly operation?: AbortController;
}

/** A tool's answer: text for the model, or one sentence saying what is wrong and how to fix it. */
export type ToolOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: UserMessage };

export const problem = (message: UserMessage): ToolOutcome => ({ ok: false, problem: message });

export interface Connected {
  readonly api: RepositoryApi;
  readonly profile: ConnectionProfile;
}

export const notConnectedMessage = userMessage('Bitbucket is not connected. Run "Nora: Connect Bitbucket", then try again.');
export const dataCenterMessage = userMessage(
  'The Bitbucket tools work with Bitbucket Cloud, and the connection is to Bitbucket Data Center. Agent terminals and git work with it; for these tools, connect a Bitbucket Cloud account.',
);
export const untrustedMessage = userMessage(
  'This folder is not trusted, so the Bitbucket tools do not run in it. Trust it with "Manage Workspace Trust" first.',
);

/**
 * The connection the call is about (toolAccount.ts), checked; `needed`: the scope the call needs,
 * refused up front when the stored scopes lack it. Only the chosen connection's secret is read.
 */
export async function connect(deps: ToolDeps, needed: ApiScope, request: AccountRequest): Promise<{ ok: true; connected: Connected } | { ok: false; problem: UserMessage }> {
  if (!deps.isTrusted()) return { ok: false, problem: untrustedMessage };
  const chosen = await chooseToolAccount(deps.listConnections(), deps.activeConnection(), request, deps.readRemoteUrls);
  if (!chosen.ok) return 'problem' in chosen ? chosen : { ok: false, problem: chosen.reason === 'none' ? notConnectedMessage : dataCenterMessage };
  deps.chose?.(chosen.profile);
  let stored: StoredCredentials;
  try {
    stored = await deps.readCredentials(chosen.profile.credentialId);
  } catch {
    return { ok: false, problem: userMessage("The stored Bitbucket connection could not be read (VS Code's secret storage failed). Reload the window and try again.") };
  }
  const named = neutraliseServerText(chosen.profile.displayName, 100);
  // Removed, or its secret gone, since the list was read: refused, never paired with another secret.
  if (stored.state === 'disconnected') return { ok: false, problem: userMessage('The Bitbucket connection of {0} was removed, perhaps in another window. Nothing was sent.', named) };
  if (stored.state === 'changedElsewhere') return { ok: false, problem: secretMissingMessage(named) };
  const created = deps.createClient();
  if (!created.ok) return { ok: false, problem: created.problem };
  // The secret goes only to the API origin it was connected to, as for Test.
  const change = originChange(stored.profile, created.origins, ['api']);
  if (change) return { ok: false, problem: originChangeMessage(change) };
  const { profile, secret } = stored;
  const scope = scopeOf(needed, profile.credentialType);
  if (profile.grantedScopes !== undefined && !effectiveScopes(profile.credentialType, profile.grantedScopes).has(scope.scope)) {
    return { ok: false, problem: missingScopeMessage(scope.label, profile.credentialType) };
  }
  const credentials = credentialsFor(inputFromProfile(profile, secret));
  return { ok: true, connected: { api: new RepositoryApi(created.client, credentials, deps.operation), profile } };
}

export const secretMissingMessage = (name: string): UserMessage =>
  userMessage(
    "The secret of the Bitbucket connection of {0} is missing: another window may have changed it, or the system keyring lost it. Reconnect it, or reload this window if another window has just connected it. Nothing was sent.",
    name,
  );

export const missingScopeMessage = (label: string, type: CredentialType): UserMessage =>
  type === 'accessToken'
    ? userMessage('The Bitbucket access token lacks {0}, so this tool cannot run; nothing was changed. Create an access token with {0} and connect it.', label)
    : userMessage('The Bitbucket credential lacks {0}, so this tool cannot run; nothing was changed. Create a token with {0} and use "Nora: Replace Bitbucket API Token".', label);

/** The workspace: given, else the stored one, else the one the open folder's remotes name. */
export async function resolveWorkspace(deps: ToolDeps, profile: ConnectionProfile, given: string | undefined): Promise<{ ok: true; workspace: string } | { ok: false; problem: UserMessage }> {
  const workspace = given ?? profile.workspace;
  if (workspace !== undefined) return { ok: true, workspace };
  const remotes = await remotesOf(deps, profile);
  const workspaces = [...new Set(remotes.map((remote) => remote.workspace))];
  if (workspaces.length === 1) return { ok: true, workspace: workspaces[0] };
  return { ok: false, problem: userMessage('Say which Bitbucket workspace: none is stored with the connection, and the open folder\'s git remotes name {0}.', describe(workspaces)) };
}

/** The connection checked for `needed`, and the repository the input names or the open folder's remote: what every repository tool starts with. */
export async function connectToRepository(
  deps: ToolDeps,
  needed: ApiScope,
  input: RepositoryInput & AccountRequest,
): Promise<{ ok: true; connected: Connected; ref: RepositoryRef } | { ok: false; problem: UserMessage }> {
  const connected = await connect(deps, needed, input);
  if (!connected.ok) return connected;
  const target = await resolveRepository(deps, connected.connected.profile, input);
  return target.ok ? { ok: true, connected: connected.connected, ref: target.ref } : target;
}

/**
 * The repository: given (in the given, stored or remote workspace), else the one git remote of
 * the open folder on the pinned git host, when there is exactly one (in the given workspace, if any).
 */
export async function resolveRepository(deps: ToolDeps, profile: ConnectionProfile, input: RepositoryInput): Promise<{ ok: true; ref: RepositoryRef } | { ok: false; problem: UserMessage }> {
  if (input.repository !== undefined) {
    const workspace = await resolveWorkspace(deps, profile, input.workspace);
    return workspace.ok ? { ok: true, ref: { workspace: workspace.workspace, repository: input.repository } } : workspace;
  }
  const remotes = (await remotesOf(deps, profile)).filter((remote) => input.workspace === undefined || remote.workspace === input.workspace);
  if (remotes.length === 1) return { ok: true, ref: remotes[0] };
  const host = new URL(pinnedOrigins(profile).git).host;
  return {
    ok: false,
    problem:
      remotes.length === 0
        ? userMessage('Say which repository: the open folder has no git remote on {0}.', host)
        : userMessage('Say which repository: the open folder\'s git remotes on {0} name several: {1}.', host, describe(remotes.map((r) => `${r.workspace}/${r.repository}`))),
  };
}

async function remotesOf(deps: ToolDeps, profile: ConnectionProfile) {
  return remoteRepositories(await deps.readRemoteUrls(), pinnedOrigins(profile).git);
}

const describe = (names: readonly string[]): string | UserMessage => (names.length === 0 ? userMessage('none') : names.join(', '));

/**
 * A failed call as one sentence: the client's own (401, 403 naming the scope, 429, timeout, ...),
 * except a 404, which for a tool means the workspace, repository or id is not there (or hidden).
 */
export function failed(error: unknown, what: UserMessage, wrote: boolean): ToolOutcome {
  if (!(error instanceof BitbucketError)) throw error;
  if (error.kind === 'notFound') {
    return problem(userMessage('Bitbucket found no {0} (404 Not Found), or this account cannot see it. Check the workspace, repository and id.', what));
  }
  if (error.kind === 'forbidden' && wrote) return problem(userMessage('{0} Nothing was changed.', error.userMessage));
  if (error.kind === 'cancelled' && wrote) {
    return problem(userMessage('{0} If the request had reached Bitbucket, the change may have been made: check before trying again.', error.userMessage));
  }
  return problem(error.userMessage);
}
