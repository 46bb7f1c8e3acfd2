import assert from 'node:assert/strict';
import { errorForResponse, type FailureContext } from '../../../src/bitbucket/errorMapping';
import { errorForFailure } from '../../../src/bitbucket/failureMapping';
import { BitbucketError } from '../../../src/bitbucket/errors';

const apiToken: FailureContext = { credentialType: 'apiToken', restUsername: 'dev@example.com', url: 'https://api.bitbucket.org/2.0/user', timeoutMs: 15_000 };
const appPassword: FailureContext = { ...apiToken, credentialType: 'appPassword', restUsername: 'nora-dev' };
const answer = (status: number, bodyText = '', extra: { location?: string; grantedScopes?: string[] } = {}) => ({
  status,
  bodyText,
  location: extra.location ?? null,
  grantedScopes: extra.grantedScopes,
});

describe('errorForResponse', () => {
  it('401 with an API token points at the email and the token', () => {
    const error = errorForResponse(answer(401, '{"type":"error","error":{"message":"Token is invalid"}}'), apiToken);
    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /email or API token/);
  });

  it('401 with an API token and no email says API tokens need the Atlassian email', () => {
    const error = errorForResponse(answer(401), { ...apiToken, restUsername: 'nora-dev' });
    assert.match(error.message, /Atlassian account email.*"nora-dev" is not an email/);
  });

  it('401 with an app password says app passwords were removed and links to API tokens', () => {
    const error = errorForResponse(answer(401, 'Unauthorized'), appPassword);
    assert.match(error.message, /removed app passwords on 2026-07-28/);
    assert.match(error.message, /https:\/\/id\.atlassian\.com\//);
  });

  it('403 names the missing account scope and what the credential has', () => {
    const token = errorForResponse(answer(403, '', { grantedScopes: ['read:repository:bitbucket'] }), apiToken);
    assert.equal(token.kind, 'forbidden');
    assert.match(token.message, /lacks read:user:bitbucket\. It has: read:repository:bitbucket\./);
    const legacy = errorForResponse(answer(403), appPassword);
    assert.match(legacy.message, /lacks Account: Read\.$/);
  });

  it('410 includes the announcement link', () => {
    const body = JSON.stringify({ type: 'error', error: { message: 'Removed.', data: { announcement_url: 'https://example.com/a' } } });
    const error = errorForResponse(answer(410, body), apiToken);
    assert.equal(error.kind, 'gone');
    assert.match(error.message, /Removed\. https:\/\/example\.com\/a/);
  });

  it('429 with a text body says rate limited and to try later', () => {
    const error = errorForResponse(answer(429, 'Rate limit exceeded'), apiToken);
    assert.equal(error.message, 'Bitbucket rate limited this account (about 1,000 requests an hour); try again later.');
  });

  it('maps 5xx, 404 and other statuses', () => {
    assert.equal(errorForResponse(answer(502, '<html>bad gateway</html>'), apiToken).kind, 'serverError');
    assert.equal(errorForResponse(answer(404), apiToken).kind, 'notFound');
    assert.equal(errorForResponse(answer(418), apiToken).kind, 'unexpectedStatus');
  });

  it('refuses every redirect and names where it pointed', () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const error = errorForResponse(answer(status, '', { location: 'https://evil.example/steal' }), apiToken);
      assert.equal(error.kind, 'redirectRefused');
      assert.match(error.message, /evil\.example/);
    }
  });
});

describe('errorForFailure', () => {
  const systemError = (code: string) => Object.assign(new Error(code), { code, type: 'system' });

  it('maps timeouts, DNS, refused, TLS and resets to their own kinds', () => {
    assert.equal(errorForFailure(new Error('aborted'), apiToken, 'deadline').kind, 'timeout');
    assert.match(errorForFailure(new Error('aborted'), apiToken, 'deadline').message, /within 15 seconds/);
    assert.equal(errorForFailure(systemError('ENOTFOUND'), apiToken).kind, 'hostNotFound');
    assert.equal(errorForFailure(systemError('EAI_AGAIN'), apiToken).kind, 'hostNotFound');
    assert.equal(errorForFailure(systemError('ECONNREFUSED'), apiToken).kind, 'connectionRefused');
    const tls = errorForFailure(systemError('DEPTH_ZERO_SELF_SIGNED_CERT'), apiToken);
    assert.equal(tls.kind, 'certificate');
    assert.match(tls.message, /http\.proxy.*http\.systemCertificates/);
    assert.equal(errorForFailure(systemError('ECONNRESET'), apiToken).kind, 'network');
  });

  it("tells the user's cancel apart from a deadline", () => {
    const cancelled = errorForFailure(new Error('aborted'), apiToken, 'cancelled');
    assert.equal(cancelled.kind, 'cancelled');
    assert.equal(cancelled.message, 'Cancelled before Bitbucket answered.');
  });

  it('reads the code of a nested cause', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: systemError('ECONNREFUSED') });
    assert.equal(errorForFailure(wrapped, apiToken).kind, 'connectionRefused');
  });

  it('passes a BitbucketError through unchanged', () => {
    const original = errorForResponse(answer(401), apiToken);
    assert.equal(errorForFailure(original, apiToken), original);
    assert.ok(original instanceof BitbucketError);
  });
});
