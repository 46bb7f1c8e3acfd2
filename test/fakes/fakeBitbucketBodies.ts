/**
 * Accounts and JSON bodies for the fake Bitbucket Cloud server (test code only).
 * Bodies follow the spec's `account`/`user`, `workspace_membership` and `error` schemas,
 * plus the real-world extras described in shared/bitbucket-openapi/README.md.
 */
import { createHash } from 'node:crypto';

export interface FakeAccount {
  credentialType: 'apiToken' | 'appPassword';
  /** Atlassian account email: the Basic-auth user for API tokens. */
  email?: string;
  /** Bitbucket username: the Basic-auth user for app passwords; also returned by /2.0/user. */
  username: string;
  nickname?: string;
  secret: string;
  displayName: string;
  accountId: string;
  /** With or without braces; bodies always use braces. */
  uuid: string;
  scopes: string[];
  /** Workspace slug -> the caller's role in it. */
  workspaces: Record<string, 'owner' | 'collaborator' | 'member'>;
}

export const ALL_API_TOKEN_SCOPES: readonly string[] = [
  'read:user:bitbucket',
  'read:workspace:bitbucket',
  'read:repository:bitbucket',
  'write:repository:bitbucket',
  'read:pullrequest:bitbucket',
  'write:pullrequest:bitbucket',
  'read:pipeline:bitbucket',
];

export const ALL_APP_PASSWORD_SCOPES: readonly string[] = [
  'account',
  'repository',
  'repository:write',
  'pullrequest',
  'pullrequest:write',
  'pipeline',
];

/** Not a real credential: a constant the fake accepts for the demo account. */
export const DEMO_API_TOKEN = 'demo-api-token-not-a-real-secret';

/** A ready-made API-token account holding every scope, owner of workspace `acme-eng`. */
export function demoAccount(): FakeAccount {
  return {
    credentialType: 'apiToken',
    email: 'dev@example.com',
    username: 'nora-dev',
    nickname: 'nora-dev',
    secret: DEMO_API_TOKEN,
    displayName: 'Nora Developer',
    accountId: '712020:0d6a3c1e-5b7f-4e2a-9c81-3f4d2b6a7e10',
    uuid: '{5a8c2e7d-1f3b-4c6a-9d0e-7b2f4a6c8e13}',
    scopes: [...ALL_API_TOKEN_SCOPES],
    workspaces: { 'acme-eng': 'owner' },
  };
}

/** A second API token of the demo account: Replace Token accepts it. */
export function demoAccountSecondToken(): FakeAccount & { email: string } {
  return { ...demoAccount(), email: 'dev@example.com', secret: 'demo-replacement-token' };
}

/** Someone else's account: Replace Token refuses its token for the demo account's connection. */
export function otherPersonAccount(): FakeAccount & { email: string } {
  return {
    ...demoAccount(),
    email: 'other@example.com',
    secret: 'other-account-token',
    username: 'someone-else',
    displayName: 'Someone Else',
    accountId: '712020:99999999-0000-4000-8000-000000000000',
    uuid: '{99999999-0000-4000-8000-000000000001}',
  };
}

/** The same person with a legacy app password holding every app-password scope. */
export function demoAppPasswordAccount(): FakeAccount {
  return {
    ...demoAccount(),
    credentialType: 'appPassword',
    secret: 'demo-app-password-not-a-real-secret',
    scopes: [...ALL_APP_PASSWORD_SCOPES],
  };
}

export function bracedUuid(uuid: string): string {
  return uuid.startsWith('{') ? uuid : `{${uuid}}`;
}

/** A stable UUID derived from any string (used for workspaces). */
export function derivedUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

type Json = Record<string, unknown>;

const link = (href: string): { href: string } => ({ href });

/** The links a user object carries; the avatar stays on the fake's origin so tests never go out. */
function userLinks(a: FakeAccount, apiBaseUrl: string): Json {
  const id = encodeURIComponent(bracedUuid(a.uuid));
  const origin = new URL(apiBaseUrl).origin;
  return {
    self: link(`${apiBaseUrl}/users/${id}`),
    avatar: link(`${origin}/avatars/${encodeURIComponent(a.username)}.png`),
    html: link(`https://bitbucket.org/${id}/`),
    repositories: link(`${apiBaseUrl}/repositories/${id}`),
  };
}

/** Body of `GET /2.0/user` (spec: `account`; in practice a full `user` with `username`). */
export function userBody(a: FakeAccount, apiBaseUrl: string): Json {
  return {
    ...nestedUser(a, apiBaseUrl),
    username: a.username,
    has_2fa_enabled: false,
    is_staff: false,
    account_status: 'active',
    created_on: '2021-03-04T10:11:12.345678+00:00',
    location: null,
  };
}

/** The smaller user object nested in other resources (no `username`, as since 2019). */
function nestedUser(a: FakeAccount, apiBaseUrl: string): Json {
  return {
    type: 'user',
    uuid: bracedUuid(a.uuid),
    account_id: a.accountId,
    display_name: a.displayName,
    nickname: a.nickname ?? a.username,
    links: userLinks(a, apiBaseUrl),
  };
}

export function workspaceBody(slug: string, apiBaseUrl: string): Json {
  const uuid = derivedUuid(`workspace:${slug}`);
  const name = slug
    .split(/[-_]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
  const origin = new URL(apiBaseUrl).origin;
  return {
    type: 'workspace',
    uuid,
    name: name || slug,
    slug,
    is_private: true,
    links: {
      self: link(`${apiBaseUrl}/workspaces/${encodeURIComponent(slug)}`),
      html: link(`https://bitbucket.org/${encodeURIComponent(slug)}/`),
      avatar: link(`${origin}/workspaces/${encodeURIComponent(slug)}/avatar`),
    },
  };
}

/** Body of `GET /2.0/user/workspaces/{workspace}/permission` (spec: `workspace_membership`). */
export function membershipBody(a: FakeAccount, slug: string, apiBaseUrl: string): Json {
  return {
    type: 'workspace_membership',
    permission: a.workspaces[slug],
    last_accessed: '2026-06-01T08:30:00.000000+00:00',
    added_on: '2022-01-10T12:00:00.000000+00:00',
    user: nestedUser(a, apiBaseUrl),
    workspace: workspaceBody(slug, apiBaseUrl),
    links: { self: link(`${apiBaseUrl}/user/workspaces/${encodeURIComponent(slug)}/permission`) },
  };
}

/** Spec `error` body; `data` is the spec's free-form structured extra. */
export function errorBody(message: string, data?: Json): Json {
  return { type: 'error', error: data ? { message, data } : { message } };
}

export const INVALID_TOKEN_MESSAGE = 'Token is invalid, expired, or not supported for this endpoint.';
