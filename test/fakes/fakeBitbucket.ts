/**
 * A loopback fake of the Bitbucket Cloud REST API 2.0, for tests and the demo (never shipped).
 *
 *   GET /2.0/user                                    Basic auth -> `user` body, or 401 / 403
 *   GET /2.0/user/workspaces                         -> `paginated_workspace_access`, or 401 / 403 (fakeWorkspacePages.ts)
 *   GET /2.0/user/workspaces/{workspace}/permission  -> `workspace_membership`, or 401 / 403 / 404
 *   /2.0/repositories/...                            repositories, pull requests, pipelines (fakeRepositoryRoutes.ts)
 *   any other path -> 404 JSON error; any other method -> 405 JSON error.
 *
 * Basic auth: API-token accounts log in with email (case-insensitive) + secret, app-password
 * accounts with username (case-insensitive) + secret. Accounts are kept by reference, so a test
 * may change `scopes` or `workspaces` of an added account in place.
 * Cloud access tokens sign with Bearer and reach only what they were made for (fakeAccessTokens.ts).
 * `setFault` overrides everything, see fakeBitbucketFaults.ts.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  demoAccount,
  errorBody,
  INVALID_TOKEN_MESSAGE,
  membershipBody,
  userBody,
  workspaceBody,
  type FakeAccount,
} from './fakeBitbucketBodies';
import { accessTokenHeaders, answerAccessToken, findAccessToken, type FakeAccessToken } from './fakeAccessTokens';
import { sendFault, type FakeFault } from './fakeBitbucketFaults';
import { workspacePage } from './fakeWorkspacePages';
import { sendJson } from './httpReplies';
import { closeServer, listen, recordRequest, type RecordedRequest } from './loopbackServer';
import { demoRepositories, type FakeRepository, type LogMode } from './fakeRepositories';
import { matchRepositoryRoute, type ScopeNeed } from './fakeRepositoryRoutes';

export * from './fakeBitbucketBodies';
export * from './fakeBitbucketFaults';
export * from './fakeAccessTokens';
export * from './fakeWorkspacePages';
export * from './fakeRepositories';
export * from './loopbackServer';

export interface FakeBitbucket {
  /** `http://127.0.0.1:PORT/2.0`, no trailing slash. */
  readonly apiBaseUrl: string;
  /** Every request received, in order; clear it with `requests.length = 0`. */
  readonly requests: RecordedRequest[];
  addAccount(a: FakeAccount): void;
  /** Repository, project and workspace access tokens; change them in place. */
  readonly accessTokens: FakeAccessToken[];
  setFault(f: FakeFault | undefined): void;
  /** Rewrites the `next` link of workspace pages, to play a hostile server. */
  rewriteNext: ((next: string) => string) | undefined;
  /** Repositories with their pull requests and pipelines; change them in place. */
  readonly repositories: FakeRepository[];
  /** How step logs are served (default: honouring `Range`). */
  logMode: LogMode;
  close(): Promise<void>;
}

export interface StartOptions {
  accounts?: FakeAccount[];
  accessTokens?: FakeAccessToken[];
  port?: number;
  host?: string;
  /** The largest `pagelen` the fake honours on `/2.0/user/workspaces` (Bitbucket's is 100). */
  maxPagelen?: number;
  /** Default: demoRepositories(). */
  repositories?: FakeRepository[];
}


/** The scope each repository endpoint needs, per credential type (an app password's pullrequest:write implies pullrequest). */
const repositoryScopes: Record<ScopeNeed, { apiToken: string; appPassword: readonly string[] }> = {
  readRepository: { apiToken: 'read:repository:bitbucket', appPassword: ['repository', 'repository:write'] },
  readPullRequest: { apiToken: 'read:pullrequest:bitbucket', appPassword: ['pullrequest', 'pullrequest:write'] },
  writePullRequest: { apiToken: 'write:pullrequest:bitbucket', appPassword: ['pullrequest:write'] },
  readPipeline: { apiToken: 'read:pipeline:bitbucket', appPassword: ['pipeline'] },
};

function findAccount(accounts: readonly FakeAccount[], authorization: string | undefined): FakeAccount | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon).toLowerCase();
  const secret = decoded.slice(colon + 1);
  return accounts.find((a) => {
    if (a.secret !== secret) return false;
    const login = a.credentialType === 'apiToken' ? a.email : a.username;
    return login !== undefined && login.toLowerCase() === user;
  });
}

/** The scope a credential type needs to read an endpoint. */
function requiredScope(a: FakeAccount, endpoint: 'user' | 'workspace' | 'workspaces'): string {
  if (a.credentialType === 'appPassword') return 'account';
  return endpoint === 'user' ? 'read:user:bitbucket' : 'read:workspace:bitbucket';
}

function scopeHeaders(a: FakeAccount, accepted: string): Record<string, string> {
  return {
    'x-oauth-scopes': a.scopes.join(', '),
    'x-accepted-oauth-scopes': accepted,
    'x-credential-type': a.credentialType === 'apiToken' ? 'api_token' : 'app_password',
  };
}

const WORKSPACE_PERMISSION = /^\/2\.0\/user\/workspaces\/([^/]+)\/permission\/?$/;
const WORKSPACES = /^\/2\.0\/user\/workspaces\/?$/;

export async function startFakeBitbucket(options: StartOptions = {}): Promise<FakeBitbucket> {
  const accounts: FakeAccount[] = [...(options.accounts ?? [])];
  const accessTokens: FakeAccessToken[] = [...(options.accessTokens ?? [])];
  const requests: RecordedRequest[] = [];
  let fault: FakeFault | undefined;
  let apiBaseUrl = '';
  let closing = false;

  const repositories = options.repositories ?? demoRepositories();
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const recorded = recordRequest(req);
    requests.push(recorded);
    // Before close() runs (which destroys every socket), only the client can end an unanswered request.
    res.on('close', () => {
      if (!res.writableFinished && !closing) recorded.abandoned = true;
    });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (chunks.length > 0) recorded.body = Buffer.concat(chunks).toString('utf8');
      respond(req, res, recorded.body ?? '');
    });
  };
  const respond = (req: http.IncomingMessage, res: http.ServerResponse, requestBody: string): void => {
    const account = findAccount(accounts, req.headers.authorization);
    const accessToken = findAccessToken(accessTokens, req.headers.authorization);
    if (fault) {
      const base = account ?? accounts[0] ?? demoAccount();
      sendFault(fault, res, base, apiBaseUrl, accessToken ? accessTokenHeaders(accessToken, 'repository') : scopeHeaders(base, requiredScope(base, 'user')));
      return;
    }
    if (accessToken) {
      answerAccessToken(req, res, requestBody, accessToken, { apiBaseUrl, repositories, logMode: fake.logMode, maxPagelen: options.maxPagelen ?? 100 });
      return;
    }
    const route = matchRepositoryRoute(req.method ?? '', req.url ?? '/', {
      apiBaseUrl,
      repositories,
      logMode: fake.logMode,
      maxPagelen: options.maxPagelen ?? 100,
      workspaces: Object.keys(account?.workspaces ?? {}),
    });
    if (route) {
      if (!account) return sendJson(res, 401, errorBody(INVALID_TOKEN_MESSAGE));
      const accepted = repositoryScopes[route.need];
      const granted = account.credentialType === 'apiToken' ? [accepted.apiToken] : accepted.appPassword;
      const headers = scopeHeaders(account, granted[0]);
      if (!granted.some((scope) => account.scopes.includes(scope))) {
        return sendJson(res, 403, errorBody('Your credentials lack one or more required privilege scopes.', { required: [granted[0]], granted: [...account.scopes] }), headers);
      }
      return route.answer(res, headers, requestBody, req.headers.range);
    }
    if (req.method !== 'GET') {
      sendJson(res, 405, errorBody(`Method ${req.method ?? ''} not allowed`), { allow: 'GET' });
      return;
    }
    const pathname = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    const wsMatch = WORKSPACE_PERMISSION.exec(pathname);
    const endpoint =
      pathname === '/2.0/user' || pathname === '/2.0/user/' ? 'user' : wsMatch ? 'workspace' : WORKSPACES.test(pathname) ? 'workspaces' : undefined;
    if (!endpoint) {
      sendJson(res, 404, errorBody(`Resource not found: ${pathname}`));
      return;
    }
    if (!account) {
      sendJson(res, 401, errorBody(INVALID_TOKEN_MESSAGE));
      return;
    }
    const needed = requiredScope(account, endpoint);
    const headers = scopeHeaders(account, needed);
    if (!account.scopes.includes(needed)) {
      sendJson(res, 403, errorBody('Your credentials lack one or more required privilege scopes.', {
        required: [needed],
        granted: [...account.scopes],
      }), headers);
      return;
    }
    if (endpoint === 'user') {
      sendJson(res, 200, userBody(account, apiBaseUrl), headers);
      return;
    }
    if (endpoint === 'workspaces') {
      const page = workspacePage(account, req.url ?? '', apiBaseUrl, options.maxPagelen ?? 100);
      if (page.status === 400) return sendJson(res, 400, errorBody(page.message), headers);
      const next = page.body['next'];
      if (typeof next === 'string' && fake.rewriteNext) page.body['next'] = fake.rewriteNext(next);
      return sendJson(res, 200, page.body, headers);
    }
    let wanted: string;
    try {
      wanted = decodeURIComponent(wsMatch![1]);
    } catch {
      wanted = wsMatch![1]!;
    }
    const slug = Object.keys(account.workspaces).find(
      (s) => s.toLowerCase() === wanted.toLowerCase() || workspaceBody(s, apiBaseUrl)['uuid'] === wanted.toLowerCase(),
    );
    if (slug === undefined) {
      sendJson(res, 404, errorBody(`No workspace with identifier '${wanted}'.`), headers);
      return;
    }
    sendJson(res, 200, membershipBody(account, slug, apiBaseUrl), headers);
  };

  const server = http.createServer(handle);
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  apiBaseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}/2.0`;

  const fake: FakeBitbucket = {
    apiBaseUrl,
    requests,
    addAccount: (a) => void accounts.push(a),
    accessTokens,
    setFault: (f) => {
      fault = f;
    },
    rewriteNext: undefined,
    repositories,
    logMode: 'range',
    close: () => {
      closing = true;
      return closeServer(server);
    },
  };
  return fake;
}
