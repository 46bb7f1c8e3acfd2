import { userMessage } from '../userMessage';
import { BitbucketError } from './errors';
import { parseScopeHeader } from './scopes';

/** An answer read whole: what the client and its callers look at. */
export interface RawResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly bodyText: string;
}

export function grantedScopes(response: Pick<RawResponse, 'headers'>): string[] | undefined {
  return parseScopeHeader(response.headers.get('x-oauth-scopes'));
}

export interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export function parseJson<T>(bodyText: string, schema: Parser<T>): T {
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
