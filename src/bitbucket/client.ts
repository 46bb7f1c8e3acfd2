import fetch, { type Response } from 'node-fetch';
import { authorizationFor, type AccessTokenTarget, type BitbucketCredentials } from './credentials';
import { authSchemeOf } from './credentialType';
import { errorForResponse, missingUsernameError, type FailureContext } from './errorMapping';
import { errorForFailure, type AbortCause } from './failureMapping';
import { BitbucketError } from './errors';
import { currentUserSchema, workspaceAccessPageSchema, workspaceMembershipSchema, type CurrentUser } from './schemas';
import { identifyAccessToken, type AccessTokenIdentity } from './accessTokenIdentity';
import { identifyDataCenterToken, type DataCenterIdentity } from './dataCenterIdentity';
import { grantedScopes, parseJson, type RawResponse } from './responses';
import { workspaceListScope } from './scopes';
import { isWorkspaceSlug } from './workspaceSlug';
import { addSlugs, firstWorkspacePageUrl, followableNextUrl, workspaceListLimits, type WorkspaceList } from './workspaceList';

export const maxResponseBytes = 1024 * 1024;

export interface BitbucketClientOptions {
  readonly apiBaseUrl: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

export interface CurrentUserResult {
  readonly user: CurrentUser;
  /** From `x-oauth-scopes`; `undefined` when Bitbucket did not send the header. */
  readonly grantedScopes: string[] | undefined;
}

export type WorkspaceCheck =
  | { readonly status: 'member'; readonly permission: string | undefined }
  | { readonly status: 'notFound' }
  | { readonly status: 'cannotVerify' }
  | { readonly status: 'failed'; readonly error: BitbucketError };

/** How a request differs from a plain GET of JSON. */
export interface ApiRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The scope a 403 names (the account scope when absent). */
  readonly neededScope?: string;
  /** The reader bounds the body itself (a streamed tail read); otherwise more than 1 MB is refused. */
  readonly unlimitedBody?: boolean;
  /** A link Bitbucket signed for another host (its log storage): sent there without the credentials. */
  readonly withoutCredentials?: boolean;
  /**
   * The user's operation this request is part of (an agent's tool call): its requests share this
   * controller, so cancelling the operation ends them all, and so does one request's deadline
   * (the operation has failed then). Without one, the request has a controller of its own.
   */
  readonly operation?: AbortController;
}

export { grantedScopes, parseJson, type Parser, type RawResponse } from './responses';

/**
 * Bitbucket Cloud and Data Center REST calls. Uses node-fetch with no custom agent so that VS Code's proxy and
 * certificate support applies, and never follows a redirect, so the Authorization header only
 * ever goes to the configured host.
 */
export class BitbucketClient {
  constructor(private readonly options: BitbucketClientOptions) {}

  /** The API's base URL, no trailing slash: every request goes under it. */
  get apiBaseUrl(): string {
    return this.options.apiBaseUrl;
  }

  async getCurrentUser(credentials: BitbucketCredentials): Promise<CurrentUserResult> {
    const url = `${this.options.apiBaseUrl}/user`;
    const response = await this.get(url, credentials);
    if (response.status !== 200) throw this.failure(response, url, credentials);
    const user = parseJson(response.bodyText, currentUserSchema);
    return { user, grantedScopes: grantedScopes(response) };
  }

  /** A Cloud access token: what it is for, read with it (see accessTokenIdentity.ts). */
  identifyAccessToken(credentials: BitbucketCredentials, target: AccessTokenTarget): Promise<AccessTokenIdentity> {
    return identifyAccessToken(this, credentials, target);
  }

  /** 404 and 403 are answers, not failures: the connection still works without the workspace. */
  async checkWorkspace(credentials: BitbucketCredentials, workspace: string): Promise<WorkspaceCheck> {
    // Never a path step such as "..": the request would reach another endpoint with the credentials.
    if (!isWorkspaceSlug(workspace)) return { status: 'notFound' };
    const url = `${this.options.apiBaseUrl}/user/workspaces/${encodeURIComponent(workspace)}/permission`;
    try {
      const response = await this.get(url, credentials);
      if (response.status === 404) return { status: 'notFound' };
      if (response.status === 403) return { status: 'cannotVerify' };
      if (response.status !== 200) throw this.failure(response, url, credentials);
      const membership = parseJson(response.bodyText, workspaceMembershipSchema);
      return { status: 'member', permission: membership.permission ?? undefined };
    } catch (error) {
      return { status: 'failed', error: errorForFailure(error, this.context(url, credentials)) };
    }
  }

  /** The account's workspaces, page after page up to the caps. A 403 is an answer: the scope is missing. */
  async listWorkspaces(credentials: BitbucketCredentials): Promise<WorkspaceList> {
    const { maxPages, maxWorkspaces } = workspaceListLimits;
    const slugs = new Set<string>();
    let url: string | undefined = firstWorkspacePageUrl(this.options.apiBaseUrl);
    let truncated = false;
    try {
      for (let page = 0; url !== undefined; page++) {
        if (page === maxPages || slugs.size >= maxWorkspaces) {
          truncated = true;
          break;
        }
        const response = await this.get(url, credentials);
        if (response.status === 403) return { status: 'missingScope', scope: workspaceListScope(credentials.type).label };
        if (response.status !== 200) throw this.failure(response, url, credentials);
        const body = parseJson(response.bodyText, workspaceAccessPageSchema);
        addSlugs(slugs, body.values);
        url = body.next === undefined ? undefined : followableNextUrl(body.next, this.options.apiBaseUrl);
        // A next page elsewhere is never asked for; the list says it may be incomplete.
        if (body.next !== undefined && url === undefined) truncated = true;
      }
    } catch (error) {
      return { status: 'failed', error: errorForFailure(error, this.context(url ?? this.options.apiBaseUrl, credentials)) };
    }
    const sorted = [...slugs].sort();
    return { status: 'listed', slugs: sorted.slice(0, maxWorkspaces), truncated: truncated || sorted.length > maxWorkspaces };
  }

  /** A Data Center token: who it is, on the server this client is for (see dataCenterIdentity.ts). */
  identifyDataCenterToken(credentials: BitbucketCredentials, projectKey: string | undefined): Promise<DataCenterIdentity> {
    return identifyDataCenterToken(this, credentials, projectKey);
  }

  /** A GET of JSON, for the identity and workspace checks. */
  get(url: string, credentials: BitbucketCredentials): Promise<RawResponse> {
    return this.send(url, credentials, undefined, readWhole);
  }

  /** A GET of JSON without the credentials, for what answers anonymously. */
  getAnonymously(url: string, credentials: BitbucketCredentials): Promise<RawResponse> {
    return this.send(url, credentials, { withoutCredentials: true }, readWhole);
  }

  /**
   * The one way a request leaves: signed by the credential's scheme (Basic or Bearer), no redirect
   * followed, the deadline around the whole exchange (body included), and `read` turning the answer
   * into what the caller needs.
   */
  async send<T>(url: string, credentials: BitbucketCredentials, request: ApiRequest | undefined, read: (response: Response) => Promise<T>): Promise<T> {
    if (authSchemeOf(credentials.type) === 'basic' && credentials.restUsername.trim() === '') throw missingUsernameError(credentials.type);
    // The deadline covers the whole exchange, body included, and ends with it.
    const controller = request?.operation ?? new AbortController();
    const timer = setTimeout(() => controller.abort(deadlinePassed), this.options.timeoutMs);
    const { signal } = controller;
    try {
      // node-fetch would destroy a POST body's stream that nobody listens to: an uncaught error.
      signal.throwIfAborted();
      const response = await fetch(url, {
        method: request?.method ?? 'GET',
        redirect: 'manual',
        size: request?.unlimitedBody ? 0 : maxResponseBytes,
        signal,
        headers: {
          Accept: 'application/json',
          ...(!request?.withoutCredentials && { Authorization: authorizationFor(credentials) }),
          'User-Agent': this.options.userAgent,
          ...request?.headers,
        },
        body: request?.body,
      });
      return await read(response);
    } catch (error) {
      throw errorForFailure(error, this.context(url, credentials, request?.neededScope), abortCause(signal));
    } finally {
      clearTimeout(timer);
    }
  }

  /** A non-success answer as the user-facing error; `neededScope` names what a 403 lacks. */
  errorFor(response: RawResponse, url: string, credentials: BitbucketCredentials, neededScope?: string): BitbucketError {
    return this.failure(response, url, credentials, neededScope);
  }

  private failure(response: RawResponse, url: string, credentials: BitbucketCredentials, neededScope?: string): BitbucketError {
    const { status, headers, bodyText } = response;
    const failed = { status, location: headers.get('location'), grantedScopes: grantedScopes(response), bodyText };
    return errorForResponse(failed, this.context(url, credentials, neededScope));
  }

  private context(url: string, credentials: BitbucketCredentials, neededScope?: string): FailureContext {
    const context = { credentialType: credentials.type, restUsername: credentials.restUsername, url, timeoutMs: this.options.timeoutMs };
    return neededScope === undefined ? context : { ...context, neededScope };
  }
}

/** The reason a request's own deadline gives its controller, told apart from the user's cancel. */
const deadlinePassed = Symbol('deadline passed');

const abortCause = (signal: AbortSignal): AbortCause | undefined =>
  !signal.aborted ? undefined : signal.reason === deadlinePassed ? 'deadline' : 'cancelled';

async function readWhole(response: Response): Promise<RawResponse> {
  const bodyText = await response.text();
  return { status: response.status, headers: response.headers, bodyText };
}
