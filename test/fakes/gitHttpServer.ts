/**
 * A loopback smart-HTTP git server for tests and demos: demands HTTP Basic auth with one
 * username and password (or several logins, each for its own workspaces), records every
 * credential it is sent, and hands authorized requests to `git http-backend` (CGI).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { runHttpBackend } from './gitHttpBackend';

export interface SeenCredential {
  readonly username: string;
  readonly password: string;
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly contentEncoding?: string;
  readonly authorized: boolean;
  /** The Basic user name it came with, if any. */
  readonly username?: string;
}

/** One of several `logins`: it reaches only the repositories under its workspaces. */
export interface GitLogin extends SeenCredential {
  readonly workspaces: readonly string[];
}

interface GitHttpServerCommonOptions {
  /** Directory holding the bare repositories, served as GIT_PROJECT_ROOT. */
  readonly projectRoot: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  readonly realm?: string;
}

/** One login that reaches every repository, or several accounts, as Bitbucket has, each reaching only its own workspaces (the first path segment). */
export type GitHttpServerOptions = GitHttpServerCommonOptions & (SeenCredential | { readonly logins: readonly GitLogin[] });

export interface GitHttpServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every Basic credential sent, accepted or not, in order. */
  readonly seen: SeenCredential[];
  /** Requests that came without any Authorization header. */
  readonly unauthenticatedRequests: number;
  /** Every request, in order. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const projectRoot = path.resolve(options.projectRoot);
  const realm = options.realm ?? 'Fake Bitbucket git';
  const seen: SeenCredential[] = [];
  let unauthenticatedRequests = 0;
  const requests: SeenRequest[] = [];

  const server = http.createServer((req, res) => {
    const credential = parseBasicAuthorization(req.headers.authorization);
    if (credential === undefined) unauthenticatedRequests++;
    else seen.push(credential);
    const login = credential && findLogin(options, credential, req.url ?? '/');
    const authorized = login !== undefined;
    const contentEncoding = req.headers['content-encoding'];
    requests.push({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      authorized,
      ...(credential && { username: credential.username }),
      ...(contentEncoding === undefined ? {} : { contentEncoding }),
    });
    if (!authorized) {
      req.resume();
      res.writeHead(401, {
        'WWW-Authenticate': `Basic realm="${realm}"`,
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end('Authentication required\n');
      return;
    }
    runHttpBackend(projectRoot, login.username, req, res);
  });
  // Keep-alive sockets would hold close() open until they time out.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    requests,
    get unauthenticatedRequests() {
      return unauthenticatedRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The login `credential` is, when it may reach the workspace `url` names. */
function findLogin(options: GitHttpServerOptions, credential: SeenCredential, url: string): SeenCredential | undefined {
  const same = (login: SeenCredential) => login.username === credential.username && login.password === credential.password;
  if (!('logins' in options)) return same(options) ? options : undefined;
  const workspace = new URL(url, 'http://fake.invalid').pathname.split('/')[1] ?? '';
  return options.logins.find((login) => same(login) && login.workspaces.includes(workspace));
}

export function parseBasicAuthorization(header: string | undefined): SeenCredential | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]*)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { username: decoded, password: '' };
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
