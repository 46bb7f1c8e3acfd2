import type { FakeFault } from '../fakes/fakeBitbucket';

/** The sentences that depend on the credential kind (the rest are the same for every kind). */
export interface KindSentences {
  readonly unauthorized: RegExp;
  readonly forbidden: RegExp;
  readonly notFound: RegExp;
}

/**
 * The fault matrix: each fault, the kind of error it must map to, and the sentence the user must
 * see for it. Run on every credential kind (faultMatrix*.test.ts).
 */
export function faultCases(sentences: KindSentences): [FakeFault, string, RegExp][] {
  return [
    [{ kind: 'unauthorized-json' }, 'unauthorized', sentences.unauthorized],
    [{ kind: 'unauthorized-empty' }, 'unauthorized', sentences.unauthorized],
    [{ kind: 'unauthorized-text' }, 'unauthorized', sentences.unauthorized],
    [{ kind: 'forbidden-scopes' }, 'forbidden', sentences.forbidden],
    [{ kind: 'not-found' }, 'notFound', sentences.notFound],
    [{ kind: 'gone' }, 'gone', /^Bitbucket says this API is gone \(410 Gone\).*https:\/\/www\.atlassian\.com\//],
    [{ kind: 'rate-limited' }, 'rateLimited', /^Bitbucket rate limited this account .*try again later\.$/],
    [{ kind: 'server-error' }, 'serverError', /^Bitbucket is having trouble \(HTTP 500\)\. Try again in a few minutes\.$/],
    [{ kind: 'bad-gateway-html' }, 'serverError', /^Bitbucket is having trouble \(HTTP 502\)\./],
    [{ kind: 'service-unavailable' }, 'serverError', /^Bitbucket is having trouble \(HTTP 503\)\./],
    [{ kind: 'ok-not-json' }, 'invalidResponse', /^Bitbucket's answer could not be read: it is not JSON\./],
    [{ kind: 'ok-schema-mismatch' }, 'invalidResponse', /^Bitbucket's answer did not have the expected shape\.$/],
    [{ kind: 'ok-huge-body' }, 'invalidResponse', /^Bitbucket's answer was larger than 1 MB, so it was not read\.$/],
    [{ kind: 'hang' }, 'timeout', /^Bitbucket did not answer within 1 seconds?\. .*nora\.bitbucket\.requestTimeoutSeconds\.$/],
    [{ kind: 'drop-mid-body' }, 'network', /^The connection to 127\.0\.0\.1:\d+ failed before Bitbucket finished answering/],
    [{ kind: 'redirect', status: 301, location: '' }, 'redirectRefused', /^Bitbucket answered 301 with a redirect to .*Redirects are not followed/],
    [{ kind: 'redirect', status: 302, location: '' }, 'redirectRefused', /^Bitbucket answered 302 with a redirect to .*Redirects are not followed/],
    [{ kind: 'redirect', status: 307, location: '' }, 'redirectRefused', /^Bitbucket answered 307 with a redirect to .*Redirects are not followed/],
  ];
}
