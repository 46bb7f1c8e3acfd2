import * as z from 'zod/mini';
import { isRepositorySlug, isWorkspaceSlug } from '../bitbucket/workspaceSlug';
import { userMessage, type UserMessage } from '../userMessage';
import { accessTokenScopes, credentialTypes, type AccessTokenScope, type CredentialType } from '../bitbucket/credentialType';
import { missingRestUsernameMessage } from '../bitbucket/errorMapping';
import type { ConnectField } from './connectFields';
import { daysLeft, isIsoDate } from './tokenExpiry';
import { parseServerUrl } from './serverUrl';
import { isProjectKey } from '../bitbucket/dataCenterNames';

/** The form as the webview sends it. Field checks with specific hints follow the shape check. */
export const connectFormSchema = z.object({
  credentialType: z.enum(credentialTypes),
  email: z.optional(z.string().check(z.maxLength(100_000))),
  username: z.optional(z.string().check(z.maxLength(100_000))),
  secret: z.string().check(z.maxLength(100_000)),
  workspace: z.optional(z.string().check(z.maxLength(100_000))),
  /** Access token only: what it was created for, and a repository token's repository. */
  accessTokenScope: z.optional(z.enum(accessTokenScopes)),
  repository: z.optional(z.string().check(z.maxLength(100_000))),
  /** Data Center only: the server's address, and the project agents work in. */
  serverUrl: z.optional(z.string().check(z.maxLength(100_000))),
  projectKey: z.optional(z.string().check(z.maxLength(100_000))),
  /** API and access tokens: `YYYY-MM-DD`, or absent for "I don't know". */
  expiresOn: z.optional(z.string().check(z.maxLength(100))),
});
export type ConnectForm = z.infer<typeof connectFormSchema>;

export interface ConnectInput {
  readonly credentialType: CredentialType;
  /** API token only. */
  readonly email: string | undefined;
  /** App password only: the Basic-auth and git user. */
  readonly username: string | undefined;
  readonly secret: string;
  readonly workspace: string | undefined;
  /** Access token only (then the workspace is set). */
  readonly accessTokenScope?: AccessTokenScope;
  /** A repository access token only. */
  readonly repository?: string;
  /** Data Center only: the server's base URL (see serverUrl.ts), and the project key if given (uppercase). */
  readonly serverUrl?: string;
  readonly projectKey?: string;
  /** API and access tokens; `undefined` when the user does not know. */
  readonly expiresOn: string | undefined;
}

export type ConnectInputResult =
  | { readonly ok: true; readonly input: ConnectInput }
  | { readonly ok: false; readonly fieldErrors: Partial<Record<ConnectField, UserMessage>> };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Real API tokens are about 200 characters; anything far longer is a paste gone wrong.
const maxSecretLength = 1024;
const maxFieldLength = 254;

export const missingAccessTokenWorkspace = userMessage('Enter the workspace the access token was created in (for example acme-eng).');

/** `now` tells which expiry dates have already passed. */
export function validateConnectForm(form: ConnectForm, now: Date): ConnectInputResult {
  const type = form.credentialType;
  const isApiToken = type === 'apiToken';
  const isAccessToken = type === 'accessToken';
  const isDataCenter = type === 'dataCenter';
  const email = form.email?.trim() ?? '';
  const username = form.username?.trim() ?? '';
  const secret = form.secret.trim();
  // Data Center has projects, not workspaces (issue 24).
  const workspace = isDataCenter ? '' : (form.workspace?.trim() ?? '');
  const server = isDataCenter ? parseServerUrl(form.serverUrl) : undefined;
  // Data Center matches project keys in any case and shows them in capitals.
  const projectKey = isDataCenter ? form.projectKey?.trim().toUpperCase() || undefined : undefined;
  const accessTokenScope = isAccessToken ? (form.accessTokenScope ?? 'repository') : undefined;
  const repository = accessTokenScope === 'repository' ? (form.repository?.trim() ?? '') : undefined;
  // Access tokens expire too, so they keep a date as API tokens do.
  const expiresOn = type !== 'appPassword' ? form.expiresOn?.trim() || undefined : undefined;

  const fieldErrors: Partial<Record<ConnectField, UserMessage>> = {};
  const emailProblem = isApiToken ? checkEmail(email) : undefined;
  const usernameProblem = type === 'appPassword' ? checkUsername(username) : undefined;
  const secretProblem = checkSecret(secret, type);
  // No API lists access tokens, so the workspace (and a repository token's repository) must be given (issue 24).
  const workspaceProblem =
    workspace === '' ? (isAccessToken ? missingAccessTokenWorkspace : undefined) : checkWorkspace(workspace);
  const repositoryProblem = repository === undefined ? undefined : checkRepository(repository);
  if (emailProblem) fieldErrors.email = emailProblem;
  if (usernameProblem) fieldErrors.username = usernameProblem;
  if (secretProblem) fieldErrors.secret = secretProblem;
  if (workspaceProblem) fieldErrors.workspace = workspaceProblem;
  if (repositoryProblem) fieldErrors.repository = repositoryProblem;
  if (server && !server.ok) fieldErrors.serverUrl = server.problem;
  if (projectKey !== undefined && !isProjectKey(projectKey)) {
    fieldErrors.projectKey = userMessage('A project key starts with a letter and has only letters, digits and "_" (for example PROJ): leave it empty for none.');
  }
  const expiresOnProblem = expiresOn === undefined ? undefined : checkExpiresOn(expiresOn, now);
  if (expiresOnProblem) fieldErrors.expiresOn = expiresOnProblem;
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  return {
    ok: true,
    input: {
      credentialType: type,
      email: isApiToken ? email : undefined,
      username: type === 'appPassword' ? username : undefined,
      secret,
      workspace: workspace === '' ? undefined : workspace,
      ...(accessTokenScope && { accessTokenScope }),
      ...(repository !== undefined && { repository }),
      ...(server?.ok && { serverUrl: server.url }),
      ...(projectKey !== undefined && { projectKey }),
      expiresOn,
    },
  };
}

/** The workspace field alone, for a workspace picked after connecting. Empty: no workspace. */
export function validateWorkspace(text: string): { ok: true; workspace: string | undefined } | { ok: false; problem: UserMessage } {
  const workspace = text.trim();
  if (workspace === '') return { ok: true, workspace: undefined };
  const problem = checkWorkspace(workspace);
  return problem ? { ok: false, problem } : { ok: true, workspace };
}

// Basic auth joins user and secret with ":", so a ":" in the user would move the rest into the password.
const colonRefused = userMessage('This cannot contain ":": Bitbucket would read the part after it as the password.');

function checkEmail(email: string): UserMessage | undefined {
  if (email === '') return missingRestUsernameMessage('apiToken');
  if (hasControlCharacters(email) || email.length > maxFieldLength) return userMessage('Enter a valid email address.');
  if (email.includes(':')) return colonRefused;
  if (!email.includes('@')) {
    return userMessage('API tokens sign in with your Atlassian account email, not your Bitbucket username.');
  }
  if (!emailPattern.test(email)) return userMessage('Enter a valid email address, like name@example.com.');
  return undefined;
}

function checkUsername(username: string): UserMessage | undefined {
  if (username === '') return missingRestUsernameMessage('appPassword');
  if (username.includes('@')) {
    return userMessage(
      'App passwords sign in with your Bitbucket username, not your email. Find it under Personal settings → Bitbucket profile settings.',
    );
  }
  if (username.includes(':')) return colonRefused;
  if (hasControlCharacters(username) || /\s/.test(username) || username.length > maxFieldLength) {
    return userMessage('A Bitbucket username has no spaces or special characters.');
  }
  return undefined;
}

const missingSecret: Record<CredentialType, UserMessage> = {
  apiToken: userMessage('Paste your API token.'),
  accessToken: userMessage('Paste the access token.'),
  dataCenter: userMessage('Paste the HTTP access token.'),
  appPassword: userMessage('Paste your app password.'),
};

function checkSecret(secret: string, type: CredentialType): UserMessage | undefined {
  if (secret === '') return missingSecret[type];
  if (secret.length > maxSecretLength) {
    return userMessage('This is {0} characters long, far more than a token; paste just the token.', secret.length);
  }
  if (hasControlCharacters(secret) || /\s/.test(secret)) {
    return userMessage('This contains spaces, line breaks or control characters; paste just the token.');
  }
  return undefined;
}

function checkWorkspace(workspace: string): UserMessage | undefined {
  if (workspace.includes('/')) {
    return userMessage('Enter only the workspace slug, the part after bitbucket.org/ (for example acme-eng).');
  }
  if (/\s/.test(workspace)) return userMessage('A workspace slug has no spaces (for example acme-eng).');
  if (workspace !== workspace.toLowerCase() && isWorkspaceSlug(workspace.toLowerCase())) {
    return userMessage('Workspace slugs are lowercase: did you mean {0}?', workspace.toLowerCase());
  }
  if (workspace.startsWith('.')) return userMessage('A workspace slug cannot start with "." (for example acme-eng).');
  if (!isWorkspaceSlug(workspace)) {
    return userMessage('A workspace slug has only lowercase letters, digits, "-", "_" and ".".');
  }
  return undefined;
}

function checkRepository(repository: string): UserMessage | undefined {
  if (repository === '') return userMessage('Enter the repository the access token was created in (for example widgets).');
  if (repository.includes('/')) return userMessage('Enter only the repository slug, the part after the workspace (for example widgets).');
  if (!isRepositorySlug(repository)) return userMessage('A repository slug has only letters, digits, "-", "_" and ".".');
  return undefined;
}

function checkExpiresOn(expiresOn: string, now: Date): UserMessage | undefined {
  if (!isIsoDate(expiresOn)) return userMessage('Enter the date the token expires, or choose "I don\'t know".');
  if (daysLeft(expiresOn, now) < 0) {
    return userMessage('This date has passed, so the token has expired: create a new one, or correct the date.');
  }
  return undefined;
}

function hasControlCharacters(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return /[\u0000-\u001f\u007f-\u009f]/.test(value);
}
