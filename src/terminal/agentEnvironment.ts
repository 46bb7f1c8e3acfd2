/**
 * The environment of an agent terminal: who the agent is on Bitbucket, and git that
 * authenticates to the Bitbucket git host without a prompt.
 *
 * Pure: no `vscode` import.
 */
import { authSchemeOf } from '../bitbucket/credentialType';
import { accessTokenGitUsername } from '../bitbucket/credentials';
import { isRepositorySlug, isWorkspaceSlug } from '../bitbucket/workspaceSlug';
import { isBitbucketUsername, type ConnectionProfile } from '../connection/profile';
import { gitUsernameFor } from '../connection/session';
import type { BitbucketSettings } from '../connection/settings';
import { gitCredentialHelperEntries, otherWorkspacesVariable } from './gitCredentialConfig';
import { otherWorkspacePaths } from './otherWorkspaces';
import { isProjectKey } from '../bitbucket/dataCenterNames';
import { pinnedOrigins } from '../connection/origins';
import { dataCenterApiBaseUrl } from '../connection/serverUrl';
import { gitConfigParametersWithoutCredentials } from './gitConfigParameters';

/** Git username: the Bitbucket username (API token, when known), as entered (app password) or `x-token-auth` (access token). */
export const usernameVariable = 'BITBUCKET_USERNAME';
/** The API token, access token or app password; the name is kept for compatibility with older scripts. */
export const appPasswordVariable = 'BITBUCKET_APP_PASSWORD';
export const workspaceVariable = 'BITBUCKET_WORKSPACE';
/** API token only: the Atlassian account email, the REST username. */
export const emailVariable = 'BITBUCKET_EMAIL';
/** API token only. */
export const apiTokenVariable = 'BITBUCKET_API_TOKEN';
export const apiUrlVariable = 'BITBUCKET_API_URL';
/** Access and Data Center tokens: the token, sent as `Authorization: Bearer`. */
export const accessTokenVariable = 'BITBUCKET_ACCESS_TOKEN';
/** `basic` (user and secret) or `bearer` (the token alone): how a script signs REST calls. */
export const authTypeVariable = 'BITBUCKET_AUTH_TYPE';
/** A repository access token's repository slug. */
export const repositoryVariable = 'BITBUCKET_REPOSITORY';
/** Data Center only: the server's address, and the project key when the user gave one. */
export const serverUrlVariable = 'BITBUCKET_SERVER_URL';
export const projectVariable = 'BITBUCKET_PROJECT';
/** API token only, when the user entered it: the day it expires (`YYYY-MM-DD`), so an agent can warn before a long job. */
export const tokenExpiresVariable = 'BITBUCKET_TOKEN_EXPIRES';

export const agentVariableNames = [
  usernameVariable,
  appPasswordVariable,
  workspaceVariable,
  emailVariable,
  apiTokenVariable,
  apiUrlVariable,
  tokenExpiresVariable,
  accessTokenVariable,
  authTypeVariable,
  repositoryVariable,
  serverUrlVariable,
  projectVariable,
  otherWorkspacesVariable,
] as const;

export interface AgentEnvironmentInput {
  readonly profile: ConnectionProfile;
  readonly secret: string;
  readonly settings: BitbucketSettings;
  readonly inheritedEnv: Readonly<Record<string, string | undefined>>;
  /**
   * Every stored connection: the git helper steps aside for the workspaces of the others on the
   * same git host (otherWorkspaces.ts), whose secrets never enter this terminal. None by default.
   */
  readonly connections?: readonly ConnectionProfile[];
}

/**
 * The variables to add to or override in `inheritedEnv` (BITBUCKET_*, NORA_GIT_OTHER_WORKSPACES,
 * GIT_CONFIG_* and, without its credential entries, GIT_CONFIG_PARAMETERS), never a copy of it. Empty optional values (username, workspace, email) are left out.
 */
export function buildAgentEnvironment(input: AgentEnvironmentInput): Record<string, string> {
  const { profile, secret, settings, inheritedEnv } = input;
  if (profile.credentialType === 'dataCenter') return dataCenterEnvironment(input);
  const env: Record<string, string> = {};
  const isAccessToken = profile.credentialType === 'accessToken';
  // A username git could misread (from an older profile) is left out: the helper then sends
  // x-bitbucket-api-token-auth, which Bitbucket accepts with an API token. An access token's git
  // user is always x-token-auth (issue 24), as VS Code's Git sends it (gitUsernameFor).
  if (isAccessToken) env[usernameVariable] = accessTokenGitUsername;
  else if (isBitbucketUsername(profile.username)) env[usernameVariable] = profile.username;
  env[appPasswordVariable] = secret;
  env[authTypeVariable] = authSchemeOf(profile.credentialType);
  // A profile stored by an older version may hold a slug that is no longer accepted, such as "..".
  if (isWorkspaceSlug(profile.workspace)) env[workspaceVariable] = profile.workspace;
  if (profile.credentialType === 'apiToken') {
    if (profile.email) env[emailVariable] = profile.email;
    env[apiTokenVariable] = secret;
  }
  if (isAccessToken) {
    env[accessTokenVariable] = secret;
    if (isRepositorySlug(profile.repository)) env[repositoryVariable] = profile.repository;
  }
  if (profile.credentialType !== 'appPassword' && profile.expiresOn) env[tokenExpiresVariable] = profile.expiresOn;
  env[apiUrlVariable] = settings.apiBaseUrl;
  const others = otherWorkspaces(input, env);
  Object.assign(env, gitCredentialHelperEntries(settings.gitBaseUrl, inheritedEnv, undefined, others), gitConfigParametersWithoutCredentials(inheritedEnv));
  return env;
}

/**
 * A Data Center token's variables (issue 24): the token as Bearer, the server and its REST API,
 * the project when given, and git for the server's URLs: a personal token through the helper as
 * its user, a project or repository token only as a header.
 */
function dataCenterEnvironment(input: AgentEnvironmentInput): Record<string, string> {
  const { profile, secret, inheritedEnv } = input;
  const serverUrl = profile.serverUrl ?? '';
  const username = gitUsernameFor(profile);
  const env: Record<string, string> = {
    [appPasswordVariable]: secret,
    [accessTokenVariable]: secret,
    [authTypeVariable]: 'bearer',
    [serverUrlVariable]: serverUrl,
    [apiUrlVariable]: dataCenterApiBaseUrl(serverUrl),
  };
  if (username !== undefined) env[usernameVariable] = username;
  if (isProjectKey(profile.projectKey)) env[projectVariable] = profile.projectKey;
  if (profile.expiresOn) env[tokenExpiresVariable] = profile.expiresOn;
  const header = username === undefined ? { serverUrl, token: secret } : undefined;
  const others = otherWorkspaces(input, env);
  Object.assign(env, gitCredentialHelperEntries(pinnedOrigins(profile).git, inheritedEnv, header, others), gitConfigParametersWithoutCredentials(inheritedEnv));
  return env;
}

/** Sets the other connections' workspaces on this git host in `env`; whether there are any. */
function otherWorkspaces({ profile, connections = [] }: AgentEnvironmentInput, env: Record<string, string>): boolean {
  const paths = otherWorkspacePaths(profile, connections);
  if (paths.length > 0) env[otherWorkspacesVariable] = paths.join(' ');
  return paths.length > 0;
}

/**
 * BITBUCKET_* (and NORA_GIT_*) names set in `inheritedEnv` that `agentEnv` does not set: the
 * terminal should unset them (e.g. `null` in VS Code's `TerminalOptions.env`), or a stale
 * BITBUCKET_USERNAME would be picked up by the git helper, a stale BITBUCKET_API_TOKEN by an agent,
 * or a removed connection's workspaces would still make the helper step aside.
 */
export function agentVariablesToUnset(
  agentEnv: Readonly<Record<string, string>>,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
): string[] {
  return agentVariableNames.filter((name) => !(name in agentEnv) && inheritedEnv[name] !== undefined);
}
