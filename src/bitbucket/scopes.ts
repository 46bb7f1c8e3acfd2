import type { CredentialType } from '../connection/profile';
import { userMessage, type UserMessage } from '../userMessage';

export interface RequiredScope {
  /** The scope name as Bitbucket reports it in `x-oauth-scopes`. */
  readonly scope: string;
  /** What the user ticks when creating the credential. */
  readonly label: string;
  readonly why: UserMessage;
}

const apiTokenScopes: readonly RequiredScope[] = [
  { scope: 'read:user:bitbucket', label: 'read:user:bitbucket', why: userMessage('Connection test: Nora calls GET /2.0/user') },
  { scope: 'read:repository:bitbucket', label: 'read:repository:bitbucket', why: userMessage('Read repositories, branches and files') },
  { scope: 'write:repository:bitbucket', label: 'write:repository:bitbucket', why: userMessage('Push commits and create branches') },
  { scope: 'read:pullrequest:bitbucket', label: 'read:pullrequest:bitbucket', why: userMessage('Read pull requests') },
  { scope: 'write:pullrequest:bitbucket', label: 'write:pullrequest:bitbucket', why: userMessage('Open and merge pull requests') },
  { scope: 'read:pipeline:bitbucket', label: 'read:pipeline:bitbucket', why: userMessage('List pipeline runs (if your agent inspects CI)') },
];

const workspaceScope: RequiredScope = {
  scope: 'read:workspace:bitbucket',
  label: 'read:workspace:bitbucket',
  why: userMessage('Check that you belong to the workspace you entered'),
};

const appPasswordScopes: readonly RequiredScope[] = [
  { scope: 'account', label: 'Account: Read', why: userMessage('Connection test: Nora calls GET /2.0/user') },
  { scope: 'repository', label: 'Repositories: Read', why: userMessage('Read repositories, branches and files') },
  { scope: 'repository:write', label: 'Repositories: Write', why: userMessage('Push commits and create branches') },
  { scope: 'pullrequest:write', label: 'Pull requests: Write', why: userMessage('Open and merge pull requests') },
  { scope: 'pipeline', label: 'Pipelines: Read', why: userMessage('List pipeline runs (if your agent inspects CI)') },
];

/** The scope that `GET /2.0/user` needs; without it Bitbucket answers 403. */
export function accountReadScope(type: CredentialType): RequiredScope {
  return requiredScopes(type, false)[0]!;
}

export function requiredScopes(type: CredentialType, hasWorkspace: boolean): readonly RequiredScope[] {
  if (type === 'appPassword') return appPasswordScopes;
  return hasWorkspace ? [...apiTokenScopes, workspaceScope] : apiTokenScopes;
}

/** Legacy (app password) scopes that grant others; API-token scopes imply nothing. */
const legacyImplications: Readonly<Record<string, readonly string[]>> = {
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
};

/** Parses `x-oauth-scopes`: comma- or space-separated, with stray whitespace. */
export function parseScopeHeader(value: string | null | undefined): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  return [...new Set(value.split(/[\s,]+/).filter((scope) => scope !== ''))];
}

export function effectiveScopes(type: CredentialType, granted: readonly string[]): Set<string> {
  const effective = new Set(granted);
  if (type === 'apiToken') return effective;
  const pending = [...granted];
  for (let scope = pending.pop(); scope !== undefined; scope = pending.pop()) {
    for (const implied of legacyImplications[scope] ?? []) {
      if (!effective.has(implied)) {
        effective.add(implied);
        pending.push(implied);
      }
    }
  }
  return effective;
}

export interface ScopeCheckItem extends RequiredScope {
  /** `undefined` when Bitbucket did not report the credential's scopes. */
  readonly granted: boolean | undefined;
}

export interface ScopeCheck {
  readonly items: readonly ScopeCheckItem[];
  readonly missing: readonly RequiredScope[];
}

export function checkScopes(type: CredentialType, hasWorkspace: boolean, granted: readonly string[] | undefined): ScopeCheck {
  const effective = granted === undefined ? undefined : effectiveScopes(type, granted);
  const items = requiredScopes(type, hasWorkspace).map((required) => ({
    ...required,
    granted: effective === undefined ? undefined : effective.has(required.scope),
  }));
  return { items, missing: items.filter((item) => item.granted === false) };
}
