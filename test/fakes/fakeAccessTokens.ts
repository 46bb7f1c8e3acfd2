/**
 * Cloud access tokens in the fake Bitbucket (test code only): repository, project and workspace
 * tokens, a bot identity each (issue 24).
 *
 * - REST takes them only as `Authorization: Bearer <token>`; sent as Basic they match no account (401).
 * - Every answer carries `x-credential-type` (`repo_access_token`, `project_access_token`,
 *   `workspace_access_token`) and `x-oauth-scopes`.
 * - `GET /2.0/user` (and `/2.0/user/...`) is refused: 403, as the spec's 403 for a caller without access.
 * - A token reaches only its repository, its project's repositories or its workspace's: any other
 *   repository answers 404, as a private repository does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, workspaceBody } from './fakeBitbucketBodies';
import type { FakeRepository, LogMode } from './fakeRepositories';
import { matchRepositoryRoute, type ScopeNeed } from './fakeRepositoryRoutes';
import { sendJson } from './httpReplies';

export interface FakeAccessToken {
  kind: 'repository' | 'project' | 'workspace';
  secret: string;
  workspace: string;
  /** A repository token's repository slug. */
  repository?: string;
  /** A project token's project key. */
  project?: string;
  /** Named as Bitbucket names access-token scopes: `repository`, `pullrequest:write`, ... */
  scopes: string[];
}

export const ALL_ACCESS_TOKEN_SCOPES: readonly string[] = ['repository', 'repository:write', 'pullrequest', 'pullrequest:write', 'pipeline'];

/** Not a real credential: the demo repository token of acme-eng/widgets. */
export const DEMO_ACCESS_TOKEN = 'demo-repo-access-token-not-a-real-secret';

export function demoRepositoryAccessToken(): FakeAccessToken {
  return { kind: 'repository', secret: DEMO_ACCESS_TOKEN, workspace: 'acme-eng', repository: 'widgets', scopes: [...ALL_ACCESS_TOKEN_SCOPES] };
}

export function demoProjectAccessToken(): FakeAccessToken {
  return { kind: 'project', secret: 'demo-project-access-token', workspace: 'acme-eng', project: 'WID', scopes: [...ALL_ACCESS_TOKEN_SCOPES] };
}

export function demoWorkspaceAccessToken(): FakeAccessToken {
  return { kind: 'workspace', secret: 'demo-workspace-access-token', workspace: 'acme-eng', scopes: [...ALL_ACCESS_TOKEN_SCOPES] };
}

const credentialTypes: Record<FakeAccessToken['kind'], string> = {
  repository: 'repo_access_token',
  project: 'project_access_token',
  workspace: 'workspace_access_token',
};

/** The token a `Bearer` header names, if any. */
export function findAccessToken(tokens: readonly FakeAccessToken[], authorization: string | undefined): FakeAccessToken | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m ? tokens.find((token) => token.secret === m[1]) : undefined;
}

export function accessTokenHeaders(token: FakeAccessToken, accepted: string): Record<string, string> {
  return { 'x-oauth-scopes': token.scopes.join(', '), 'x-accepted-oauth-scopes': accepted, 'x-credential-type': credentialTypes[token.kind] };
}

export function reaches(token: FakeAccessToken, repo: FakeRepository): boolean {
  if (repo.workspace !== token.workspace) return false;
  if (token.kind === 'repository') return repo.slug === token.repository;
  if (token.kind === 'project') return repo.project !== undefined && repo.project === token.project;
  return true;
}

/** What each repository endpoint accepts of an access token; `pullrequest` implies `repository` (issue 24). */
const accepted: Record<ScopeNeed, readonly string[]> = {
  readRepository: ['repository', 'repository:write', 'pullrequest', 'pullrequest:write'],
  readPullRequest: ['pullrequest', 'pullrequest:write'],
  writePullRequest: ['pullrequest:write'],
  readPipeline: ['pipeline'],
};

export interface AccessTokenContext {
  readonly apiBaseUrl: string;
  readonly repositories: FakeRepository[];
  readonly logMode: LogMode;
  readonly maxPagelen: number;
}

const WORKSPACE = /^\/2\.0\/workspaces\/([^/]+)\/?$/;

/** Answers a request signed with an access token: its identity endpoints and the repository routes it reaches. */
export function answerAccessToken(req: IncomingMessage, res: ServerResponse, body: string, token: FakeAccessToken, context: AccessTokenContext): void {
  const url = new URL(req.url ?? '/', context.apiBaseUrl);
  if (url.pathname === '/2.0/user' || url.pathname.startsWith('/2.0/user/')) {
    return sendJson(res, 403, errorBody('Access tokens cannot access user endpoints.'), accessTokenHeaders(token, 'account'));
  }
  const workspace = WORKSPACE.exec(url.pathname);
  if (workspace && req.method === 'GET') {
    const slug = decodeURIComponent(workspace[1]);
    if (slug !== token.workspace) return sendJson(res, 404, errorBody(`No workspace with identifier '${slug}'.`), accessTokenHeaders(token, 'repository'));
    return sendJson(res, 200, workspaceBody(slug, context.apiBaseUrl), accessTokenHeaders(token, 'repository'));
  }
  const reachable = context.repositories.filter((repo) => reaches(token, repo));
  const route = matchRepositoryRoute(req.method ?? '', req.url ?? '/', { ...context, repositories: reachable, workspaces: [token.workspace] });
  if (!route) return sendJson(res, 404, errorBody(`Resource not found: ${url.pathname}`), accessTokenHeaders(token, 'repository'));
  const scopes = accepted[route.need];
  const headers = accessTokenHeaders(token, scopes[0]);
  if (!scopes.some((scope) => token.scopes.includes(scope))) {
    return sendJson(res, 403, errorBody('Your credentials lack one or more required privilege scopes.', { required: [scopes[0]], granted: [...token.scopes] }), headers);
  }
  route.answer(res, headers, body, req.headers.range);
}
