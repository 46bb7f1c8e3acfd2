/**
 * The REST side of the fake Data Center server, under `/rest/api/latest` (and its alias
 * `/rest/api/1.0`); the spec's server is `http://{baseurl}/rest` (test code only).
 *
 *   GET application-properties                    -> RestApplicationProperties, anonymous too
 *   GET projects?start=&limit=                     -> a page of the projects the token reaches
 *   GET projects/{projectKey}                      -> RestProject, or 404 when unknown or not reached
 *   GET projects/{projectKey}/repos/{slug}         -> RestRepository, or 404 likewise
 *   GET users/{userSlug}                           -> RestApplicationUser, or 404
 * Wrong credentials are refused (401) everywhere; no credentials everywhere but
 * application-properties. Unknown paths 404, other methods 405, all with RestErrors bodies.
 */
import { tokenReaches, type DataCenterCaller } from './fakeDataCenterAuth';
import {
  applicationPropertiesBody,
  AUTH_FAILED_MESSAGE,
  projectBody,
  projectPage,
  repositoryBody,
  restErrors,
  userBody,
  type FakeDataCenterProject,
  type FakeDataCenterRepository,
  type FakeDataCenterUser,
} from './fakeDataCenterBodies';

export interface DataCenterState {
  readonly serverUrl: string;
  readonly users: readonly FakeDataCenterUser[];
  readonly projects: readonly FakeDataCenterProject[];
  readonly repositories: readonly FakeDataCenterRepository[];
}

export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const API = /^\/rest\/api\/(?:latest|1\.0)(\/.*?)\/?$/;
const PROJECT = /^\/projects\/([^/]+)$/;
const REPOSITORY = /^\/projects\/([^/]+)\/repos\/([^/]+)$/;
const USER = /^\/users\/([^/]+)$/;

const notFound = (message: string): RestAnswer => ({ status: 404, body: restErrors(message, 'com.atlassian.bitbucket.NoSuchEntityException') });

export function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function findProject(state: DataCenterState, key: string): FakeDataCenterProject | undefined {
  return state.projects.find((project) => project.key.toUpperCase() === key.toUpperCase());
}

export function findRepository(state: DataCenterState, project: FakeDataCenterProject, slug: string): FakeDataCenterRepository | undefined {
  return state.repositories.find((r) => r.projectKey === project.key && r.slug.toLowerCase() === slug.toLowerCase());
}

export function answerRest(method: string, target: string, caller: DataCenterCaller, state: DataCenterState): RestAnswer {
  const url = new URL(target, 'http://fake.invalid');
  const route = API.exec(url.pathname)?.[1];
  if (route === undefined) return notFound(`No REST resource at ${url.pathname}`);
  if (method !== 'GET') return { status: 405, body: restErrors(`Method ${method} is not allowed here`), headers: { allow: 'GET' } };
  if (caller.kind === 'invalid' || (caller.kind === 'anonymous' && route !== '/application-properties')) {
    return { status: 401, body: restErrors(AUTH_FAILED_MESSAGE, 'com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException') };
  }
  if (route === '/application-properties') return { status: 200, body: applicationPropertiesBody() };
  if (caller.kind !== 'token') throw new Error('unreachable: only application-properties answers anonymously');
  const { token } = caller;

  if (route === '/projects') {
    const reached = state.projects.filter((project) => tokenReaches(token, project.key));
    return { status: 200, body: projectPage(reached, state.serverUrl, url.searchParams) };
  }
  const userMatch = USER.exec(route);
  if (userMatch) {
    const slug = decodedSegment(userMatch[1]);
    const index = state.users.findIndex((user) => user.slug === slug);
    if (index < 0) return notFound(`User ${slug} does not exist.`);
    return { status: 200, body: userBody(state.users[index], state.serverUrl, 101 + index) };
  }
  const projectMatch = PROJECT.exec(route) ?? REPOSITORY.exec(route);
  if (!projectMatch) return notFound(`No REST resource at ${url.pathname}`);
  const key = decodedSegment(projectMatch[1]);
  const project = findProject(state, key);
  if (!project || !tokenReaches(token, project.key)) return notFound(`Project ${key} does not exist.`);
  if (projectMatch[2] === undefined) return { status: 200, body: projectBody(project, state.serverUrl) };
  const slug = decodedSegment(projectMatch[2]);
  const repository = findRepository(state, project, slug);
  if (!repository || !tokenReaches(token, project.key, repository.slug)) return notFound(`Repository ${key}/${slug} does not exist.`);
  return { status: 200, body: repositoryBody(repository, project, state.serverUrl) };
}
