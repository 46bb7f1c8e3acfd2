import assert from 'node:assert/strict';
import { ALL_API_TOKEN_SCOPES } from '../../fakes/fakeBitbucketBodies';
import { storedConnectionWarnings } from '../../../src/connection/connectionMessages';
import { fillPlaceholders } from '../../../src/userMessage';
import { testProfile } from '../../support/profiles';

/** What the status bar's tooltip says about a fully scoped connection on 1 March 2026 (local time). */
function warnings(overrides: Parameters<typeof testProfile>[0], day = 1): string[] {
  const profile = testProfile({ grantedScopes: [...ALL_API_TOKEN_SCOPES], ...overrides });
  return storedConnectionWarnings(profile, new Date(2026, 2, day, 12)).map((m) => fillPlaceholders(m.text, ...m.args));
}

describe('the status bar\'s expiry warning', () => {
  it('says nothing more than 14 days ahead or when the date is unknown', () => {
    assert.deepEqual(warnings({ expiresOn: '2026-03-16' }), []);
    assert.deepEqual(warnings({}), []);
  });

  it('says how many days are left from 14 days before, then today, then expired', () => {
    assert.deepEqual(warnings({ expiresOn: '2026-03-15' }), ['The API token expires in 14 days, on 2026-03-15.']);
    assert.deepEqual(warnings({ expiresOn: '2026-03-11' }), ['The API token expires in 10 days, on 2026-03-11.']);
    assert.deepEqual(warnings({ expiresOn: '2026-03-02' }), ['The API token expires tomorrow (2026-03-02).']);
    assert.deepEqual(warnings({ expiresOn: '2026-03-01' }), ['The API token expires today (2026-03-01).']);
    assert.deepEqual(warnings({ expiresOn: '2026-02-28' }), ['The API token expired on 2026-02-28: replace it.']);
  });

  it('comes after a missing-scopes warning, and never for a legacy app password', () => {
    const both = warnings({ expiresOn: '2026-03-05', grantedScopes: ['read:user:bitbucket'] });
    assert.equal(both.length, 2);
    assert.match(both[0], /^The credential lacks/);
    assert.deepEqual(warnings({ credentialType: 'appPassword', grantedScopes: ['account', 'repository', 'repository:write', 'pullrequest', 'pullrequest:write', 'pipeline'], expiresOn: '2026-03-05' }), []);
  });
});
