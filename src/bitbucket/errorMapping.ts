import type { CredentialType } from './credentialType';
import { userMessage, type UserMessage } from '../userMessage';
import { BitbucketError } from './errors';
import { dataCenterErrorsSchema } from './dataCenterSchemas';
import { parseErrorBody } from './schemas';
import { accountReadScope, appPasswordsRemovedOn } from './scopes';
import { neutraliseServerText } from './serverText';

export const createApiTokenUrl = 'https://id.atlassian.com/manage-profile/security/api-tokens';
export const createAppPasswordUrl = 'https://bitbucket.org/account/settings/app-passwords/';

/** What the mapping needs to know about the request that failed. */
export interface FailureContext {
  readonly credentialType: CredentialType;
  /** The Basic-auth user name that was sent (email or username); never the secret. */
  readonly restUsername: string;
  readonly url: string;
  readonly timeoutMs: number;
  /** The scope the call needs, named by a 403; the account scope when absent (GET /2.0/user). */
  readonly neededScope?: string;
}

export interface FailedResponse {
  readonly status: number;
  readonly location: string | null;
  readonly grantedScopes: readonly string[] | undefined;
  readonly bodyText: string;
}

/** The Basic-auth user is missing: the form says it under its field, the client (for a damaged stored profile) as an error. */
export const missingRestUsernameMessage = (type: Exclude<CredentialType, 'accessToken'>): UserMessage =>
  type === 'apiToken'
    ? userMessage('Enter your Atlassian account email.')
    : userMessage('Bitbucket username not configured: enter your Bitbucket username.');

export const missingUsernameError = (type: CredentialType): BitbucketError =>
  new BitbucketError('missingUsername', missingRestUsernameMessage(type === 'appPassword' ? type : 'apiToken'));

/** The one place where a non-success answer becomes a user-facing error. */
export function errorForResponse(response: FailedResponse, context: FailureContext): BitbucketError {
  const { status } = response;
  const said = parseErrorBody(response.bodyText)?.message ?? parseDataCenterErrors(response.bodyText);
  const isDataCenter = context.credentialType === 'dataCenter';
  const bitbucketSays = said === undefined ? undefined : neutraliseServerText(said);
  if (status >= 300 && status < 400) {
    return new BitbucketError(
      'redirectRefused',
      userMessage(
        'Bitbucket answered {0} with a redirect to {1}. Redirects are not followed, so your credentials never reach another host. Check {2}.',
        status,
        neutraliseServerText(response.location ?? '?'),
        whereToCheck(context),
      ),
    );
  }
  switch (status) {
    case 401:
      return new BitbucketError('unauthorized', unauthorizedMessage(context));
    case 403: {
      const needed = context.neededScope ?? accountReadScope(context.credentialType).label;
      const granted = response.grantedScopes;
      return new BitbucketError(
        'forbidden',
        granted === undefined
          ? userMessage('Bitbucket refused access (403 Forbidden): the credential lacks {0}.', needed)
          : userMessage(
              'Bitbucket refused access (403 Forbidden): the credential lacks {0}. It has: {1}.',
              needed,
              granted.length > 0 ? neutraliseServerText(granted.join(', ')) : userMessage('(none)'),
            ),
      );
    }
    case 404:
      return new BitbucketError(
        'notFound',
        userMessage('Bitbucket answered 404 Not Found for {0}. Check {1}.', context.url, whereToCheck(context)),
      );
    case 410: {
      const announcement = parseErrorBody(response.bodyText)?.data?.announcement_url;
      const reason = bitbucketSays ?? userMessage('the endpoint was removed.');
      return new BitbucketError(
        'gone',
        announcement
          ? userMessage('Bitbucket says this API is gone (410 Gone): {0} {1}', reason, neutraliseServerText(announcement))
          : userMessage('Bitbucket says this API is gone (410 Gone): {0}', reason),
      );
    }
    case 429:
      return new BitbucketError(
        'rateLimited',
        isDataCenter
          ? userMessage('Bitbucket Data Center is limiting the requests of this token (429 Too Many Requests); try again later.')
          : userMessage('Bitbucket rate limited this account (about 1,000 requests an hour); try again later.'),
      );
  }
  if (status >= 500) {
    return new BitbucketError(
      'serverError',
      userMessage('Bitbucket is having trouble (HTTP {0}). Try again in a few minutes.', status),
    );
  }
  return new BitbucketError(
    'unexpectedStatus',
    bitbucketSays
      ? userMessage('Bitbucket answered with the unexpected status {0}: {1}.', status, bitbucketSays)
      : userMessage('Bitbucket answered with the unexpected status {0}.', status),
  );
}

/** The setting or field a wrong address is corrected in: a Data Center server is named in the form. */
export function whereToCheck(context: FailureContext): UserMessage {
  return context.credentialType === 'dataCenter' ? userMessage('the Server URL') : userMessage('the setting {0}', 'nora.bitbucket.apiBaseUrl');
}

/** Data Center's errors (`{"errors":[{"message":…}]}`, issue 24): the first message. */
function parseDataCenterErrors(bodyText: string): string | undefined {
  try {
    const parsed = dataCenterErrorsSchema.safeParse(JSON.parse(bodyText));
    return (parsed.success && parsed.data.errors[0]?.message) || undefined;
  } catch {
    return undefined;
  }
}

function unauthorizedMessage(context: FailureContext) {
  if (context.credentialType === 'dataCenter') {
    return userMessage(
      'Bitbucket Data Center at {0} rejected the token (401 Unauthorized): it is wrong, expired or revoked. Create an HTTP access token under your profile picture → Manage account → HTTP access tokens (or in a project\'s or repository\'s settings). A token from bitbucket.org or id.atlassian.com is for Bitbucket Cloud: choose "API token" or "Access token".',
      hostOf(context.url),
    );
  }
  // Bitbucket answers 401 both to a wrong token and to a token sent in the other scheme: an API
  // token as Bearer, or an access token as Basic (issue 24), so each sentence names the other kind.
  if (context.credentialType === 'accessToken') {
    return userMessage(
      'Bitbucket rejected the access token (401 Unauthorized): it is wrong, expired or revoked, or it is not a repository, project or workspace access token. An API token from {0} signs in as "API token", with your email.',
      'id.atlassian.com',
    );
  }
  if (context.credentialType === 'appPassword') {
    return userMessage(
      'Bitbucket rejected the username or app password (401 Unauthorized): the username or app password is wrong, or it was revoked. Bitbucket removed app passwords on {0}; create an API token instead: {1}',
      appPasswordsRemovedOn,
      createApiTokenUrl,
    );
  }
  if (!context.restUsername.includes('@')) {
    return userMessage(
      'Bitbucket rejected the credentials (401 Unauthorized). API tokens sign in with your Atlassian account email, and "{0}" is not an email address.',
      context.restUsername,
    );
  }
  return userMessage(
    'Bitbucket rejected the email or API token (401 Unauthorized): one of them is wrong, or the token expired or was revoked. Create a new token at {0} (a repository, project or workspace access token signs in as "Access token" instead, and a Data Center token as "Data Center").',
    createApiTokenUrl,
  );
}

/** A 401 for a token whose expiry date (as entered in the form) has come: say that, not "wrong or revoked". */
export function tokenExpiredError(expiresOn: string, type: CredentialType): BitbucketError {
  if (type === 'dataCenter') {
    return new BitbucketError(
      'tokenExpired',
      userMessage('Bitbucket Data Center rejected the token (401 Unauthorized): it expired on {0}. Create a new HTTP access token and connect again.', expiresOn),
    );
  }
  if (type === 'accessToken') {
    return new BitbucketError(
      'tokenExpired',
      userMessage(
        'Bitbucket rejected the access token (401 Unauthorized): it expired on {0}. Create a new one under Access tokens in the repository, project or workspace settings, and connect again.',
        expiresOn,
      ),
    );
  }
  return new BitbucketError(
    'tokenExpired',
    userMessage(
      'Bitbucket rejected the API token (401 Unauthorized): it expired on {0}. Create a new token at {1} and use "Nora: Replace Bitbucket API Token".',
      expiresOn,
      createApiTokenUrl,
    ),
  );
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
