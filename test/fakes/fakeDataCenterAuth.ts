/**
 * Who a request to the fake Data Center server acts as, and what its token reaches (issue 24):
 * every token works as `Authorization: Bearer <token>`; a personal token also works as the Basic
 * password with its user's name or slug; project and repository tokens work only as Bearer.
 */
import type * as http from 'node:http';
import type { FakeDataCenterToken, FakeDataCenterUser } from './fakeDataCenterBodies';
import { parseBasicAuthorization } from './gitHttpServer';

export type DataCenterCaller =
  | { kind: 'anonymous' }
  /** Credentials were sent but name no token (or a project/repository token as Basic). */
  | { kind: 'invalid' }
  | { kind: 'token'; token: FakeDataCenterToken };

/** The credential in `Authorization`, as `Bearer <secret>` or `Basic <user>:<secret>` (decoded). */
export function describeAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const basic = parseBasicAuthorization(header);
  return basic ? `Basic ${basic.username}:${basic.password}` : header;
}

export function identifyCaller(
  req: http.IncomingMessage,
  tokens: readonly FakeDataCenterToken[],
  users: readonly FakeDataCenterUser[],
): DataCenterCaller {
  const header = req.headers.authorization;
  if (header === undefined) return { kind: 'anonymous' };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) {
    const token = tokens.find((candidate) => candidate.secret === bearer[1]);
    return token ? { kind: 'token', token } : { kind: 'invalid' };
  }
  const basic = parseBasicAuthorization(header);
  const login = basic?.username.toLowerCase();
  const token = tokens.find((candidate) => {
    if (candidate.kind !== 'personal' || candidate.secret !== basic?.password) return false;
    const user = users.find((u) => u.slug === candidate.userSlug);
    return user !== undefined && (user.name.toLowerCase() === login || user.slug.toLowerCase() === login);
  });
  return token ? { kind: 'token', token } : { kind: 'invalid' };
}

/** Whether `token` reaches the project (and, when given, the repository). Keys compare case-insensitively. */
export function tokenReaches(token: FakeDataCenterToken, projectKey: string, repositorySlug?: string): boolean {
  if (token.kind === 'personal') return true;
  if (token.projectKey?.toUpperCase() !== projectKey.toUpperCase()) return false;
  return token.kind === 'project' || repositorySlug === undefined || token.repositorySlug === repositorySlug;
}

const WRITE_PERMISSIONS = ['REPO_WRITE', 'REPO_ADMIN', 'PROJECT_WRITE', 'PROJECT_ADMIN'];

export function tokenCanWrite(token: FakeDataCenterToken): boolean {
  return token.permissions.some((permission) => WRITE_PERMISSIONS.includes(permission));
}
