/**
 * The data of the fake Bitbucket Data Center server and the bodies it answers with, shaped as
 * the vendored extract test/fakes/openapi/bitbucket-datacenter.json says (test code only).
 */

export interface FakeDataCenterUser {
  slug: string;
  name: string;
  displayName: string;
  emailAddress?: string;
  type: 'NORMAL' | 'SERVICE';
}

export interface FakeDataCenterToken {
  secret: string;
  kind: 'personal' | 'project' | 'repository';
  /** The user the token acts as: the person (personal) or the token's service user (project/repository). */
  userSlug: string;
  /** project and repository tokens: what they reach. */
  projectKey?: string;
  repositorySlug?: string;
  /** e.g. ['PROJECT_READ'] / ['REPO_READ','REPO_WRITE']: write permission decides whether git push is allowed. */
  permissions: string[];
}

export interface FakeDataCenterProject {
  key: string;
  name: string;
  id: number;
}

/** A repository served over REST and git; added with `addRepository`. */
export interface FakeDataCenterRepository {
  projectKey: string;
  slug: string;
  id: number;
  /** The bare repository on disk. */
  gitDir: string;
}

/** Bitbucket's message when the credentials are missing or wrong. */
export const AUTH_FAILED_MESSAGE = 'Authentication failed. Please check your credentials and try again.';
export const DATA_CENTER_VERSION = '9.4.2';

export const DEMO_DC_PERSONAL_TOKEN = 'BBDC-demo-personal-token-Mzk1NTQ3';
export const DEMO_DC_PROJECT_TOKEN = 'BBDC-demo-project-token-NzE0MjA5';
export const DEMO_DC_REPOSITORY_TOKEN = 'BBDC-demo-repository-token-ODgxMDM2';

/** Jane Doe, the person; and the service users Data Center makes for project and repository tokens. */
export function demoDataCenterUsers(): FakeDataCenterUser[] {
  return [
    { slug: 'jdoe', name: 'jdoe', displayName: 'Jane Doe', emailAddress: 'jane@example.com', type: 'NORMAL' },
    { slug: 'project-proj-bot', name: 'project-proj-bot', displayName: 'PROJ agent token', type: 'SERVICE' },
    { slug: 'repository-proj-widgets-bot', name: 'repository-proj-widgets-bot', displayName: 'widgets agent token', type: 'SERVICE' },
  ];
}

export function demoDataCenterTokens(): FakeDataCenterToken[] {
  return [
    { secret: DEMO_DC_PERSONAL_TOKEN, kind: 'personal', userSlug: 'jdoe', permissions: ['PROJECT_ADMIN', 'REPO_ADMIN'] },
    {
      secret: DEMO_DC_PROJECT_TOKEN,
      kind: 'project',
      userSlug: 'project-proj-bot',
      projectKey: 'PROJ',
      permissions: ['PROJECT_READ', 'REPO_WRITE'],
    },
    {
      secret: DEMO_DC_REPOSITORY_TOKEN,
      kind: 'repository',
      userSlug: 'repository-proj-widgets-bot',
      projectKey: 'PROJ',
      repositorySlug: 'widgets',
      permissions: ['REPO_READ', 'REPO_WRITE'],
    },
  ];
}

/** RestErrors. */
export function restErrors(message: string, exceptionName?: string): Record<string, unknown> {
  return { errors: [{ message, ...(exceptionName ? { exceptionName } : {}) }] };
}

/** RestApplicationProperties. */
export function applicationPropertiesBody(): Record<string, unknown> {
  return { version: DATA_CENTER_VERSION, buildNumber: '9004002', buildDate: '1730000000000', displayName: 'Bitbucket' };
}

/** RestApplicationUser. */
export function userBody(user: FakeDataCenterUser, serverUrl: string, id: number): Record<string, unknown> {
  return {
    name: user.name,
    ...(user.emailAddress === undefined ? {} : { emailAddress: user.emailAddress }),
    active: true,
    displayName: user.displayName,
    id,
    slug: user.slug,
    type: user.type,
    links: { self: [{ href: `${serverUrl}/users/${encodeURIComponent(user.slug)}` }] },
  };
}

/** RestProject. */
export function projectBody(project: FakeDataCenterProject, serverUrl: string): Record<string, unknown> {
  return {
    key: project.key,
    id: project.id,
    name: project.name,
    public: false,
    type: 'NORMAL',
    links: { self: [{ href: `${serverUrl}/projects/${project.key}` }] },
  };
}

/** A page of RestProject, as `GET /rest/api/latest/projects?start=&limit=` pages it. */
export function projectPage(projects: readonly FakeDataCenterProject[], serverUrl: string, query: URLSearchParams): Record<string, unknown> {
  const start = Math.max(0, Number.parseInt(query.get('start') ?? '0', 10) || 0);
  const limit = Math.min(1000, Math.max(1, Number.parseInt(query.get('limit') ?? '25', 10) || 25));
  const values = projects.slice(start, start + limit);
  const isLastPage = start + values.length >= projects.length;
  return {
    size: values.length,
    limit,
    isLastPage,
    values: values.map((project) => projectBody(project, serverUrl)),
    start,
    ...(isLastPage ? {} : { nextPageStart: start + values.length }),
  };
}

/** RestRepository; its clone link names the project in lower case, as Data Center writes it. */
export function repositoryBody(repository: FakeDataCenterRepository, project: FakeDataCenterProject, serverUrl: string): Record<string, unknown> {
  const clone = `${serverUrl}/scm/${project.key.toLowerCase()}/${repository.slug}.git`;
  return {
    slug: repository.slug,
    id: repository.id,
    name: repository.slug,
    hierarchyId: `${repository.id.toString(16).padStart(20, '0')}`,
    scmId: 'git',
    state: 'AVAILABLE',
    statusMessage: 'Available',
    forkable: true,
    project: projectBody(project, serverUrl),
    public: false,
    archived: false,
    links: {
      clone: [{ href: clone, name: 'http' }],
      self: [{ href: `${serverUrl}/projects/${project.key}/repos/${repository.slug}/browse` }],
    },
  };
}
