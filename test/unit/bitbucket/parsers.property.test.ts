import assert from 'node:assert/strict';
import fc from 'fast-check';
import { errorForResponse } from '../../../src/bitbucket/errorMapping';
import { BitbucketError } from '../../../src/bitbucket/errors';
import { parseErrorBody } from '../../../src/bitbucket/schemas';
import { parseScopeHeader } from '../../../src/bitbucket/scopes';
import { fuzzRuns } from '../../support/fuzz';

/** Anything a server could send: JSON of any shape, JSON-looking text, or plain text. */
const bodies = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify({ type: 'error', error: value })),
  fc.jsonValue().map((value) => JSON.stringify({ type: 'user', display_name: value, username: value })),
);

describe('response parsers never throw past the boundary (property tests)', () => {
  it('parseErrorBody: any body gives an error object or undefined', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const parsed = parseErrorBody(body);
        assert.ok(parsed === undefined || typeof parsed === 'object');
        if (parsed?.message !== undefined) assert.equal(typeof parsed.message, 'string');
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('parseScopeHeader: any header value gives clean, distinct scope names', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ':', ',', ' ', '\t', 'b', 'r', 'e', '\n') }), (header) => {
        const scopes = parseScopeHeader(header) ?? [];
        assert.equal(new Set(scopes).size, scopes.length);
        for (const scope of scopes) assert.match(scope, /^[^\s,]+$/);
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('errorForResponse: any status and body map to a BitbucketError with a sentence', () => {
    const context = { credentialType: 'apiToken' as const, restUsername: 'dev@example.com', url: 'https://api.example/2.0/user', timeoutMs: 1000 };
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), bodies, fc.option(fc.string(), { nil: null }), (status, bodyText, location) => {
        const error = errorForResponse({ status, bodyText, location, grantedScopes: undefined }, context);
        assert.ok(error instanceof BitbucketError);
        assert.ok(error.message.length > 0);
      }),
      { numRuns: fuzzRuns },
    );
  });
});
