/**
 * Who a Bitbucket Data Center HTTP access token is, on the server the user named (issue 24):
 *
 * 1. `GET application-properties` without the token. It answers anonymously, so it never proves a
 *    token; it proves the server is Bitbucket Data Center before the token is sent there at all.
 * 2. `GET projects?limit=1` with the token: it needs authentication, and every authenticated
 *    answer names the token's user in `X-AUSERNAME`.
 * 3. `GET users/{slug}` for the name, email and kind of user (`SERVICE` for a project or
 *    repository token), and, with a project key, `GET projects/{key}` that the token reaches it.
 *
 * Pure: no `vscode` import.
 */
import { userMessage, type UserMessage } from '../userMessage';
import type { IdentityClient } from './accessTokenIdentity';
import type { BitbucketCredentials } from './credentials';
import type { DataCenterTokenOwner } from './credentialType';
import { applicationPropertiesSchema, dataCenterUserSchema, projectPageSchema, projectSchema } from './dataCenterSchemas';
import { BitbucketError } from './errors';
import { parseJson, type RawResponse } from './responses';
import { isDataCenterSlug, isProjectKey } from './dataCenterNames';
import { neutraliseServerText } from './serverText';

export interface DataCenterClient extends IdentityClient {
  /** A GET sent without the credentials (they only name the request in errors). */
  getAnonymously(url: string, credentials: BitbucketCredentials): Promise<RawResponse>;
}

export interface DataCenterIdentity {
  /** The user's slug: the git user name of a personal token. */
  readonly slug: string;
  readonly displayName: string;
  readonly email: string | undefined;
  readonly owner: DataCenterTokenOwner;
  /** The server's version, as application-properties says it. */
  readonly version: string;
}

export async function identifyDataCenterToken(client: DataCenterClient, credentials: BitbucketCredentials, projectKey: string | undefined): Promise<DataCenterIdentity> {
  const base = client.apiBaseUrl;
  const version = await serverVersion(client, credentials);
  const projectsUrl = `${base}/projects?limit=1`;
  const projects = await client.get(projectsUrl, credentials);
  if (projects.status !== 200) throw client.errorFor(projects, projectsUrl, credentials);
  parseJson(projects.bodyText, projectPageSchema);
  const slug = projects.headers.get('x-ausername');
  if (!isDataCenterSlug(slug)) {
    throw new BitbucketError(
      'invalidResponse',
      slug === null
        ? userMessage('The server did not say who the token belongs to (no X-AUSERNAME header). A proxy in front of Bitbucket may be removing it.')
        : userMessage('The server named the token\'s user in a form Nora does not use ({0}), so the token was not used further.', neutraliseServerText(slug, 60)),
    );
  }
  const [user] = await Promise.all([readUser(client, credentials, slug), projectKey === undefined ? undefined : checkProject(client, credentials, projectKey)]);
  return {
    slug: user.slug,
    displayName: neutraliseServerText(user.displayName || user.name || user.slug),
    email: user.emailAddress ? neutraliseServerText(user.emailAddress) : undefined,
    owner: user.type === 'SERVICE' ? 'service' : 'person',
    version,
  };
}

/** The server's version, asked without the token: an answer of another shape is not Bitbucket Data Center. */
async function serverVersion(client: DataCenterClient, credentials: BitbucketCredentials): Promise<string> {
  const url = `${client.apiBaseUrl}/application-properties`;
  const response = await client.getAnonymously(url, credentials);
  if (response.status >= 300 && response.status < 400) throw notDataCenter(userMessage('it answered with a redirect to {0}', neutraliseServerText(response.headers.get('location') ?? '?')));
  // A busy or failing server is that, not another product: its usual sentence.
  if (response.status === 429 || response.status >= 500) throw client.errorFor(response, url, credentials);
  if (response.status === 401 || response.status === 403) throw notDataCenter(userMessage('it asks to sign in before saying what it is (HTTP {0}), which Bitbucket Data Center does not', response.status));
  if (response.status !== 200) throw notDataCenter(userMessage('it answered HTTP {0} where Bitbucket answers with its version', response.status));
  let properties: { version: string; displayName?: string | undefined };
  try {
    properties = parseJson(response.bodyText, applicationPropertiesSchema);
  } catch {
    const webPage = /html/i.test(response.headers.get('content-type') ?? '');
    throw notDataCenter(webPage ? userMessage('it answered with a web page (a sign-in page or a proxy?)') : userMessage("its answer is not Bitbucket's"));
  }
  if (properties.displayName !== undefined && !/bitbucket/i.test(properties.displayName)) {
    throw notDataCenter(userMessage('it says it is {0}', neutraliseServerText(properties.displayName, 60)));
  }
  return neutraliseServerText(properties.version, 40);
}

async function readUser(client: DataCenterClient, credentials: BitbucketCredentials, slug: string) {
  const url = `${client.apiBaseUrl}/users/${encodeURIComponent(slug)}`;
  const response = await client.get(url, credentials);
  if (response.status !== 200) throw client.errorFor(response, url, credentials);
  const user = parseJson(response.bodyText, dataCenterUserSchema);
  // The slug goes into git's credential answers and URLs: one the server sends must be as safe as the header's.
  if (!isDataCenterSlug(user.slug)) throw new BitbucketError('invalidResponse', userMessage("Bitbucket's answer did not have the expected shape."));
  return user;
}

async function checkProject(client: DataCenterClient, credentials: BitbucketCredentials, projectKey: string): Promise<void> {
  // Never a path step: the key is checked when the form is, and again here before it is in a URL.
  const url = `${client.apiBaseUrl}/projects/${encodeURIComponent(isProjectKey(projectKey) ? projectKey : '_')}`;
  const response = await client.get(url, credentials);
  if (response.status === 404 || response.status === 403 || !isProjectKey(projectKey)) {
    throw new BitbucketError(
      'notFound',
      userMessage('The token reaches no project {0} on this server: check the project key (for example PROJ), and that a project or repository token was made in that project.', projectKey),
    );
  }
  if (response.status !== 200) throw client.errorFor(response, url, credentials);
  parseJson(response.bodyText, projectSchema);
}

function notDataCenter(reason: UserMessage): BitbucketError {
  return new BitbucketError('notDataCenter', userMessage('The Server URL does not look like Bitbucket Data Center: {0}. Enter the address you open Bitbucket at in your browser, such as https://bitbucket.example.com. Your token was not sent.', reason));
}
