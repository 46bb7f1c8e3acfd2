/**
 * The fake's repository, pull request and pipeline endpoints (test code only):
 *
 *   GET  /2.0/repositories/{ws}?q=name ~ "x"&pagelen=&page=           paginated_repositories
 *   GET  /2.0/repositories/{ws}/{repo}                                repository (how a repository access token proves itself)
 *   GET  /2.0/repositories/{ws}/{repo}/pullrequests?state=            paginated_pullrequests
 *   POST /2.0/repositories/{ws}/{repo}/pullrequests                   201 pullrequest, or 400
 *   GET  /2.0/repositories/{ws}/{repo}/pullrequests/{id}              pullrequest
 *   GET  /2.0/repositories/{ws}/{repo}/pullrequests/{id}/diffstat     302 to the repository diffstat, as the spec says
 *   GET  /2.0/repositories/{ws}/{repo}/diffstat/{spec}                paginated_diffstats
 *   POST /2.0/repositories/{ws}/{repo}/pullrequests/{id}/comments     201 pullrequest_comment
 *   GET  /2.0/repositories/{ws}/{repo}/pipelines?sort=-created_on&target.branch=   paginated_pipelines
 *   GET  /2.0/repositories/{ws}/{repo}/pipelines/{uuid}[/steps]       pipeline, paginated_pipeline_steps
 *   GET  .../steps/{uuid}/log                                         the raw log: 206 for `Range: bytes=-N`, see LogMode
 *
 * Pages hold `pagelen` items (default 10, at most `maxPagelen`) with `next` on the fake's origin.
 * Every JSON read honours `fields` (partialResponse.ts).
 */
import type { ServerResponse } from 'node:http';
import { errorBody } from './fakeBitbucketBodies';
import type { FakeRepository, LogMode } from './fakeRepositories';
import { commentBody, diffstatBody, hashOf, pipelineBody, pullRequestBody, repositoryBody, stepBody } from './fakeRepositoryBodies';
import { send, sendJson } from './httpReplies';
import { partialResponse } from './partialResponse';

/** What a route needs of the credential, named as the fake's scope check knows it. */
export type ScopeNeed = 'readRepository' | 'readPullRequest' | 'writePullRequest' | 'readPipeline';

export interface RouteState {
  readonly apiBaseUrl: string;
  readonly repositories: FakeRepository[];
  readonly logMode: LogMode;
  readonly maxPagelen: number;
  /** The workspaces the caller belongs to: other repositories answer 404, as private ones do. */
  readonly workspaces: readonly string[];
}

export interface RepositoryRoute {
  readonly need: ScopeNeed;
  answer(res: ServerResponse, headers: Record<string, string>, body: string, range: string | undefined): void;
}

type Json = Record<string, unknown>;
const REPOS = /^\/2\.0\/repositories\/([^/]+)\/?$/;
const SINGLE = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/?$/;
const REPO = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/(.+)$/;

export function matchRepositoryRoute(method: string, requestUrl: string, state: RouteState): RepositoryRoute | undefined {
  const url = new URL(requestUrl, state.apiBaseUrl);
  const path = url.pathname;
  const notFound = (need: ScopeNeed, what: string): RepositoryRoute => ({ need, answer: (res, h) => sendJson(res, 404, errorBody(`${what} not found`), h) });
  const listing = REPOS.exec(path);
  if (listing && method === 'GET') {
    const workspace = decodeURIComponent(listing[1]);
    if (!state.workspaces.includes(workspace)) return notFound('readRepository', `Workspace ${workspace}`);
    const filter = /^name ~ "((?:[^"\\]|\\.)*)"$/.exec(url.searchParams.get('q') ?? '')?.[1]?.replace(/\\(.)/g, '$1');
    const repos = state.repositories.filter((r) => r.workspace === workspace && (filter === undefined || r.slug.includes(filter)));
    return { need: 'readRepository', answer: (res, h) => sendFound(res, url, page(repos.map((r) => repositoryBody(r, state.apiBaseUrl)), url, state), h) };
  }
  const single = SINGLE.exec(path);
  if (single && method === 'GET') {
    const [workspace, slug] = [decodeURIComponent(single[1]), decodeURIComponent(single[2])];
    const repo = state.repositories.find((r) => r.workspace === workspace && r.slug === slug && state.workspaces.includes(workspace));
    if (!repo) return notFound('readRepository', `Repository ${workspace}/${slug}`);
    return { need: 'readRepository', answer: (res, h) => sendFound(res, url, repositoryBody(repo, state.apiBaseUrl), h) };
  }
  const inRepo = REPO.exec(path);
  if (!inRepo) return undefined;
  const [workspace, slug, rest] = [decodeURIComponent(inRepo[1]), decodeURIComponent(inRepo[2]), inRepo[3]];
  const repo = state.repositories.find((r) => r.workspace === workspace && r.slug === slug && state.workspaces.includes(workspace));
  const need = needOf(method, rest);
  if (need === undefined) return undefined;
  if (!repo) return notFound(need, `Repository ${workspace}/${slug}`);
  return { need, answer: (res, h, body, range) => answerInRepository(res, h, { method, rest, url, body, range, repo, state }) };
}

function needOf(method: string, rest: string): ScopeNeed | undefined {
  if (/^pullrequests\/?$/.test(rest)) return method === 'POST' ? 'writePullRequest' : 'readPullRequest';
  if (/^pullrequests\/\d+\/comments\/?$/.test(rest)) return method === 'POST' ? 'writePullRequest' : undefined;
  if (/^pullrequests\/\d+(\/diffstat)?\/?$/.test(rest) || rest.startsWith('diffstat/')) return method === 'GET' ? 'readPullRequest' : undefined;
  if (rest.startsWith('pipelines')) return method === 'GET' ? 'readPipeline' : undefined;
  return undefined;
}

interface Request {
  method: string;
  rest: string;
  url: URL;
  body: string;
  range: string | undefined;
  repo: FakeRepository;
  state: RouteState;
}

function answerInRepository(res: ServerResponse, h: Record<string, string>, r: Request): void {
  const { repo, state, url, rest } = r;
  const api = state.apiBaseUrl;
  const repoUrl = `${api}/repositories/${repo.workspace}/${repo.slug}`;
  const missing = (what: string) => sendJson(res, 404, errorBody(`${what} not found`), h);
  let m: RegExpExecArray | null;
  if (/^pullrequests\/?$/.test(rest) && r.method === 'GET') {
    const state = url.searchParams.get('state') ?? 'OPEN';
    const prs = repo.pullRequests.filter((pr) => pr.state === state);
    return sendFound(res, url, page(prs.map((pr) => pullRequestBody(repo, pr, api)), url, r.state), h);
  }
  if (/^pullrequests\/?$/.test(rest)) return createPullRequest(res, h, r);
  if ((m = /^pullrequests\/(\d+)(\/diffstat|\/comments)?\/?$/.exec(rest))) {
    const pr = repo.pullRequests.find((p) => p.id === Number(m![1]));
    if (!pr) return missing(`Pull request ${m[1]}`);
    if (m[2] === undefined) return sendFound(res, url, pullRequestBody(repo, pr, api), h);
    if (m[2] === '/diffstat') {
      const spec = `${hashOf(pr.source)}..${hashOf(pr.destination)}`;
      return send(res, 302, undefined, '', { ...h, location: `${repoUrl}/diffstat/${spec}?from_pullrequest_id=${pr.id}&topic=true` });
    }
    const raw = parseObject(r.body)?.['content'];
    const text = typeof raw === 'object' && raw !== null ? (raw as Json)['raw'] : undefined;
    if (typeof text !== 'string' || text === '') return sendJson(res, 400, errorBody('content.raw: This field is required.'), h);
    pr.comments.push(text);
    return sendJson(res, 201, commentBody(repo, pr, 1000 + pr.comments.length, text, api), h);
  }
  if ((m = /^diffstat\/([0-9a-f]+)\.\.([0-9a-f]+)$/.exec(rest))) {
    const pr = repo.pullRequests.find((p) => String(p.id) === url.searchParams.get('from_pullrequest_id'));
    if (!pr || hashOf(pr.source) !== m[1]) return missing('Commit');
    return sendFound(res, url, page(pr.files.map(diffstatBody), url, r.state, 500), h);
  }
  if (/^pipelines\/?$/.test(rest)) {
    const branch = url.searchParams.get('target.branch');
    const runs = repo.pipelines.filter((p) => branch === null || p.branch === branch).sort((a, b) => b.createdOn.localeCompare(a.createdOn));
    return sendFound(res, url, page(runs.map((p) => pipelineBody(repo, p)), url, r.state), h);
  }
  if ((m = /^pipelines\/([^/]+)(\/steps(?:\/([^/]+)\/log)?)?\/?$/.exec(rest))) {
    const run = repo.pipelines.find((p) => p.uuid === decodeURIComponent(m![1]));
    if (!run) return missing('Pipeline');
    if (m[2] === undefined) return sendFound(res, url, pipelineBody(repo, run), h);
    if (m[3] === undefined) return sendFound(res, url, page(run.steps.map(stepBody), url, r.state), h);
    const step = run.steps.find((s) => s.uuid === decodeURIComponent(m![3]));
    if (!step) return missing('Step');
    return sendLog(res, h, step.log(), r);
  }
  return missing('Resource');
}

function createPullRequest(res: ServerResponse, h: Record<string, string>, r: Request): void {
  const body = parseObject(r.body);
  const branchOf = (side: unknown): unknown => (side as { branch?: { name?: unknown } } | undefined)?.branch?.name;
  const title = body?.['title'];
  const source = branchOf(body?.['source']);
  if (typeof title !== 'string' || title === '' || typeof source !== 'string') {
    return sendJson(res, 400, errorBody('title and source.branch.name are required'), h);
  }
  const destination = branchOf(body?.['destination']);
  const id = Math.max(0, ...r.repo.pullRequests.map((p) => p.id)) + 1;
  const pr = {
    id,
    title,
    description: typeof body?.['description'] === 'string' ? body['description'] : '',
    state: 'OPEN' as const,
    draft: body?.['draft'] === true,
    author: 'Nora Developer',
    source,
    destination: typeof destination === 'string' ? destination : r.repo.mainBranch,
    closeSourceBranch: body?.['close_source_branch'] === true,
    reviewers: [],
    commentCount: 0,
    files: [],
    comments: [],
  };
  r.repo.pullRequests.push(pr);
  sendJson(res, 201, pullRequestBody(r.repo, pr, r.state.apiBaseUrl), h);
}

/** The raw log. `Range: bytes=-N` gets the last N bytes (206), as the endpoint encourages. */
function sendLog(res: ServerResponse, h: Record<string, string>, log: Buffer, r: Request): void {
  const mode = r.state.logMode;
  if (typeof mode === 'object') return send(res, 307, undefined, '', { ...h, location: mode.redirectTo });
  const suffix = /^bytes=-(\d+)$/.exec(r.range ?? '');
  if (mode === 'range' && suffix) {
    const length = Math.min(Number(suffix[1]), log.length);
    if (length === 0) return sendJson(res, 416, errorBody('Requested range not satisfiable'), h);
    const start = log.length - length;
    res.writeHead(206, { ...h, 'content-type': 'text/plain', 'content-length': length, 'content-range': `bytes ${start}-${log.length - 1}/${log.length}` });
    res.end(log.subarray(start));
    return;
  }
  res.writeHead(200, { ...h, 'content-type': 'text/plain', 'content-length': log.length });
  res.end(log);
}

function parseObject(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** One page of `values` as `pagelen` and `page` ask, with `next` on the fake's origin and the total `size`. */
function page(values: unknown[], url: URL, state: RouteState, defaultPagelen = 10): Json {
  const pagelen = Math.min(Math.max(1, Number(url.searchParams.get('pagelen') ?? defaultPagelen) || defaultPagelen), state.maxPagelen);
  const number = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1);
  const start = (number - 1) * pagelen;
  const body: Json = { size: values.length, page: number, pagelen, values: values.slice(start, start + pagelen) };
  if (start + pagelen < values.length) {
    const next = new URL(url.href);
    next.searchParams.set('page', String(number + 1));
    body['next'] = next.href;
  }
  return body;
}

/** A JSON read's answer, cut to the `fields` the request asked for, as Bitbucket does. */
function sendFound(res: ServerResponse, url: URL, body: unknown, headers: Record<string, string>): void {
  sendJson(res, 200, partialResponse(body, url.searchParams.get('fields')), headers);
}
