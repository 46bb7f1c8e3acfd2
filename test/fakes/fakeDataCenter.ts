/**
 * A loopback fake of a Bitbucket Data Center server, for tests and the demo (never shipped),
 * built to the vendored extract test/fakes/openapi/bitbucket-datacenter.json (issue 24).
 *
 *   /rest/api/latest/...         REST (fakeDataCenterRest.ts)
 *   /scm/{PROJECT}/{repo}.git/.. git smart HTTP through `git http-backend`; the project key
 *                                matches case-insensitively, as Data Center's does
 *   anything else                404 HTML
 *
 * Credentials (fakeDataCenterAuth.ts): Bearer for every token, Basic only for personal tokens.
 * Every answer to a known token carries `X-AUSERNAME: <its user's slug>`. Git without (known)
 * credentials gets 401 with `WWW-Authenticate: Basic realm="Bitbucket"`, so git asks its helper;
 * a push without write permission gets 403. `setFault` overrides everything (fakeDataCenterFaults.ts).
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeAuthorization, identifyCaller, tokenCanWrite, tokenReaches, type DataCenterCaller } from './fakeDataCenterAuth';
import {
  demoDataCenterTokens,
  demoDataCenterUsers,
  type FakeDataCenterProject,
  type FakeDataCenterRepository,
  type FakeDataCenterToken,
  type FakeDataCenterUser,
} from './fakeDataCenterBodies';
import { HOSTILE_AUSERNAMES, sendDataCenterFault, type FakeDataCenterFault } from './fakeDataCenterFaults';
import { answerRest, decodedSegment, findProject, findRepository, type DataCenterState } from './fakeDataCenterRest';
import { createBareRepository } from './gitCommands';
import { runHttpBackend } from './gitHttpBackend';
import { HTML_TYPE, send, sendJson, TEXT_TYPE } from './httpReplies';
import { closeServer, listen, recordRequest, type RecordedRequest } from './loopbackServer';

export * from './fakeDataCenterBodies';
export * from './fakeDataCenterFaults';
export { startCountingServer, type CountingServer, type RecordedRequest } from './loopbackServer';

export interface FakeDataCenter {
  /** `http://127.0.0.1:PORT`, no trailing slash: the Server URL a user types. REST lives under /rest/api/latest, git under /scm. */
  readonly serverUrl: string;
  /** Every request received (REST and git), in order; clear it with `requests.length = 0`. */
  readonly requests: RecordedRequest[];
  readonly users: FakeDataCenterUser[];
  readonly tokens: FakeDataCenterToken[];
  readonly projects: FakeDataCenterProject[];
  /** The repositories served over REST and git, with their bare repository on disk. */
  readonly repositories: readonly FakeDataCenterRepository[];
  /** Bare git repositories served under /scm/{PROJECT}/{repo}.git (created with real git). */
  addRepository(projectKey: string, slug: string): Promise<string>;
  /** Every credential git or REST sent (`Bearer <secret>` or `Basic <user>:<secret>`), for leak/identity assertions. */
  readonly seenAuthorizations: string[];
  setFault(fault: FakeDataCenterFault | undefined): void;
  close(): Promise<void>;
}

export interface FakeDataCenterOptions {
  port?: number;
  /** Start with the demo data of `demoDataCenterSetup`. */
  demo?: boolean;
}

const GIT_PATH = /^\/scm\/([^/]+)\/([^/]+?)\.git(\/.*)?$/;

/** The user jdoe "Jane Doe" with DEMO_DC_PERSONAL_TOKEN, project PROJ, its project token and PROJ/widgets with its repository token. */
export async function demoDataCenterSetup(fake: FakeDataCenter): Promise<void> {
  fake.users.push(...demoDataCenterUsers());
  fake.tokens.push(...demoDataCenterTokens());
  fake.projects.push({ key: 'PROJ', name: 'Project', id: 1 });
  await fake.addRepository('PROJ', 'widgets');
}

export async function startFakeDataCenter(options: FakeDataCenterOptions = {}): Promise<FakeDataCenter> {
  const projectRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-dc-'));
  const requests: RecordedRequest[] = [];
  const seenAuthorizations: string[] = [];
  const users: FakeDataCenterUser[] = [];
  const tokens: FakeDataCenterToken[] = [];
  const projects: FakeDataCenterProject[] = [];
  const repositories: FakeDataCenterRepository[] = [];
  let fault: FakeDataCenterFault | undefined;
  const state = { serverUrl: '', users, projects, repositories } satisfies DataCenterState;

  /** The X-AUSERNAME a known token's answers carry, as the header faults change it. */
  const identityHeaders = (caller: DataCenterCaller): Record<string, string> => {
    if (caller.kind !== 'token' || fault?.kind === 'no-ausername') return {};
    return { 'x-ausername': fault?.kind === 'ausername-hostile' ? (fault.value ?? HOSTILE_AUSERNAMES[0]) : caller.token.userSlug };
  };

  const answerGit = (req: http.IncomingMessage, res: http.ServerResponse, caller: DataCenterCaller, match: RegExpExecArray): void => {
    if (caller.kind !== 'token') {
      req.resume();
      return send(res, 401, TEXT_TYPE, 'Authentication required\n', { 'www-authenticate': 'Basic realm="Bitbucket"' });
    }
    const headers = identityHeaders(caller);
    const project = findProject(state, decodedSegment(match[1]));
    const repository = project && findRepository(state, project, decodedSegment(match[2]));
    if (!project || !repository || !tokenReaches(caller.token, project.key, repository.slug)) {
      req.resume();
      return send(res, 404, TEXT_TYPE, 'Repository not found\n', headers);
    }
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const push = url.searchParams.get('service') === 'git-receive-pack' || url.pathname.endsWith('/git-receive-pack');
    if (push && !tokenCanWrite(caller.token)) {
      req.resume();
      return send(res, 403, TEXT_TYPE, 'You are not permitted to push to this repository\n', headers);
    }
    // git http-backend serves GIT_PROJECT_ROOT/<PROJECT>/<repo>.git/...
    req.url = `/${project.key}/${repository.slug}.git${match[3] ?? ''}${url.search}`;
    runHttpBackend(projectRoot, caller.token.userSlug, req, res, headers);
  };

  const server = http.createServer((req, res) => {
    requests.push(recordRequest(req));
    const seen = describeAuthorization(req.headers.authorization);
    if (seen !== undefined) seenAuthorizations.push(seen);
    const caller = identifyCaller(req, tokens, users);
    const pathname = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    if (fault && fault.kind !== 'no-ausername' && fault.kind !== 'ausername-hostile') {
      req.resume();
      return sendDataCenterFault(fault, res, pathname, caller.kind === 'token' ? caller.token.userSlug : (users[0]?.slug ?? 'jdoe'));
    }
    const git = GIT_PATH.exec(pathname);
    if (git) return answerGit(req, res, caller, git);
    req.resume();
    if (!pathname.startsWith('/rest/')) return send(res, 404, HTML_TYPE, '<html><body>Page not found</body></html>');
    const answer = answerRest(req.method ?? 'GET', req.url ?? '/', caller, state);
    sendJson(res, answer.status, answer.body, { ...answer.headers, ...identityHeaders(caller) });
  });

  await listen(server, options.port ?? 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const serverUrl = `http://127.0.0.1:${port}`;
  state.serverUrl = serverUrl;

  const fake: FakeDataCenter = {
    serverUrl,
    requests,
    users,
    tokens,
    projects,
    repositories,
    seenAuthorizations,
    addRepository: async (projectKey, slug) => {
      const project = findProject(state, projectKey);
      if (!project) throw new Error(`add the project ${projectKey} to the fake before its repositories`);
      const gitDir = await createBareRepository(projectRoot, `${project.key}/${slug}.git`);
      repositories.push({ projectKey: project.key, slug, id: repositories.length + 1, gitDir });
      return gitDir;
    },
    setFault: (next) => {
      fault = next;
    },
    close: async () => {
      await closeServer(server);
      await fs.rm(projectRoot, { recursive: true, force: true });
    },
  };
  if (options.demo) await demoDataCenterSetup(fake);
  return fake;
}
