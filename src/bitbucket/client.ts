import fetch from 'node-fetch';
import { userMessage } from '../userMessage';
import { basicAuthorization, type BitbucketCredentials } from './credentials';
import { errorForFailure, errorForResponse, missingUsernameError, type FailureContext } from './errorMapping';
import { BitbucketError } from './errors';
import { RequestDeadline } from './requestDeadline';
import { currentUserSchema, workspaceAccessPageSchema, workspaceMembershipSchema, type CurrentUser } from './schemas';
import { parseScopeHeader, workspaceListScope } from './scopes';
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

interface RawResponse {
  readonly status: number;
  /** Read only where an answer needs them: each lookup in node-fetch's headers costs. */
  readonly headers: { get(name: string): string | null };
  readonly bodyText: string;
}

/**
 * Bitbucket Cloud REST calls. Uses node-fetch with no custom agent so that VS Code's proxy and
 * certificate support applies, and never follows a redirect, so the Authorization header only
 * ever goes to the configured host.
 */
export class BitbucketClient {
  constructor(private readonly options: BitbucketClientOptions) {}

  async getCurrentUser(credentials: BitbucketCredentials): Promise<CurrentUserResult> {
    const url = `${this.options.apiBaseUrl}/user`;
    const response = await this.get(url, credentials);
    if (response.status !== 200) throw this.failure(response, url, credentials);
    const user = parseJson(response.bodyText, currentUserSchema);
    return { user, grantedScopes: grantedScopes(response) };
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
      return { status: 'failed', error: errorForFailure(error, this.context(url, credentials), false) };
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
      return { status: 'failed', error: errorForFailure(error, this.context(url ?? this.options.apiBaseUrl, credentials), false) };
    }
    const sorted = [...slugs].sort();
    return { status: 'listed', slugs: sorted.slice(0, maxWorkspaces), truncated: truncated || sorted.length > maxWorkspaces };
  }

  private async get(url: string, credentials: BitbucketCredentials): Promise<RawResponse> {
    if (credentials.restUsername.trim() === '') throw missingUsernameError(credentials.type);
    const deadline = RequestDeadline.start(this.options.timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'GET',
        redirect: 'manual',
        size: maxResponseBytes,
        signal: deadline.signal,
        headers: {
          Accept: 'application/json',
          Authorization: basicAuthorization(credentials),
          'User-Agent': this.options.userAgent,
        },
      });
      const bodyText = await response.text();
      return { status: response.status, headers: response.headers, bodyText };
    } catch (error) {
      throw errorForFailure(error, this.context(url, credentials), deadline.timedOut);
    } finally {
      deadline.finish();
    }
  }

  private failure(response: RawResponse, url: string, credentials: BitbucketCredentials): BitbucketError {
    const { status, headers, bodyText } = response;
    const failed = { status, location: headers.get('location'), grantedScopes: grantedScopes(response), bodyText };
    return errorForResponse(failed, this.context(url, credentials));
  }

  private context(url: string, credentials: BitbucketCredentials): FailureContext {
    return { credentialType: credentials.type, restUsername: credentials.restUsername, url, timeoutMs: this.options.timeoutMs };
  }
}

function grantedScopes(response: RawResponse): string[] | undefined {
  return parseScopeHeader(response.headers.get('x-oauth-scopes'));
}

interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

function parseJson<T>(bodyText: string, schema: Parser<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch {
    throw new BitbucketError(
      'invalidResponse',
      userMessage("Bitbucket's answer could not be read: it is not JSON. Check that nora.bitbucket.apiBaseUrl points to the Bitbucket API."),
    );
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BitbucketError('invalidResponse', userMessage("Bitbucket's answer did not have the expected shape."));
  }
  return parsed.data;
}
