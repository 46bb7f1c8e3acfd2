import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseConnectionProfile, type ConnectionProfile } from '../../../src/connection/profile';
import { decodeStoredSecret, encodeStoredSecret } from '../../../src/connection/storedSecret';
import { fuzzRuns } from '../../support/fuzz';

const stored: ConnectionProfile = {
  version: 1,
  credentialId: 'credential-1',
  credentialType: 'apiToken',
  email: 'dev@example.com',
  username: 'nora-dev',
  workspace: 'acme-eng',
  displayName: 'Nora Developer',
  accountId: '712020:abc',
  grantedScopes: ['read:user:bitbucket'],
  lastTestedAt: '2026-11-01T00:00:00.000Z',
  expiresOn: '2027-11-01',
};

/** Values shaped like a profile, with any field missing or of any kind. */
const nearlyProfiles = fc.record(
  {
    version: fc.constantFrom<unknown>(1, 2, '1'),
    credentialId: fc.oneof(fc.string(), fc.jsonValue()),
    credentialType: fc.constantFrom<unknown>('apiToken', 'appPassword', 'oauth', null),
    email: fc.oneof(fc.string(), fc.jsonValue()),
    displayName: fc.oneof(fc.string(), fc.jsonValue()),
    grantedScopes: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
    lastTestedAt: fc.oneof(fc.string(), fc.jsonValue()),
    expiresOn: fc.oneof(fc.constant('2027-01-31'), fc.string(), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

describe('parseConnectionProfile (read at activation, without zod)', () => {
  it('reads back what was stored, and drops keys it does not know', () => {
    assert.deepEqual(parseConnectionProfile({ ...stored }), stored);
    assert.deepEqual(parseConnectionProfile({ ...stored, secret: 'must not travel', extra: 1 }), stored);
    const { email: _email, username: _username, workspace: _workspace, accountId: _accountId, grantedScopes: _scopes, expiresOn: _expiresOn, ...required } = stored;
    assert.deepEqual(parseConnectionProfile(required), required);
  });

  it('refuses a profile with a field of the wrong kind, a missing field or another version', () => {
    const broken: Record<string, unknown>[] = [
      { ...stored, version: 2 },
      { ...stored, credentialType: 'oauth' },
      { ...stored, credentialId: undefined },
      { ...stored, displayName: 42 },
      { ...stored, lastTestedAt: null },
      { ...stored, email: ['dev@example.com'] },
      { ...stored, workspace: 7 },
      { ...stored, grantedScopes: 'read:user:bitbucket' },
      { ...stored, grantedScopes: ['read:user:bitbucket', 3] },
      { ...stored, expiresOn: 20271101 },
      { ...stored, expiresOn: '2027-02-30' },
      { ...stored, expiresOn: '1 Nov 2027' },
    ];
    for (const value of broken) assert.equal(parseConnectionProfile(value), undefined, JSON.stringify(value));
    for (const value of [undefined, null, 'profile', 1, [stored]]) assert.equal(parseConnectionProfile(value), undefined);
  });

  it('never throws, and what it accepts reads back the same', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearlyProfiles), (value) => {
        const profile = parseConnectionProfile(value);
        if (profile) assert.deepEqual(parseConnectionProfile(JSON.parse(JSON.stringify(profile))), profile);
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('stored secret envelope', () => {
  it('round-trips and refuses anything else', () => {
    const secret = { credentialId: 'credential-1', secret: 'token' };
    assert.deepEqual(decodeStoredSecret(encodeStoredSecret(secret)), secret);
    for (const raw of [undefined, '', 'token', '{"secret":"token"}', '{"credentialId":1,"secret":"token"}', 'null', '[]']) {
      assert.equal(decodeStoredSecret(raw), undefined, String(raw));
    }
  });
});
