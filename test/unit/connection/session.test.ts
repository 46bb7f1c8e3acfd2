import assert from 'node:assert/strict';
import { connectionForSession, missingScopes, publicConnection, sessionFor, sessionIsCurrent, sessionMatchesScopes } from '../../../src/connection/session';
import { parseSettings } from '../../../src/connection/settings';
import { environmentForSession } from '../../../src/terminal/resolveAgentEnvironment';
import { testProfile } from '../../support/profiles';

/** No other stored connection. */
const noConnections = () => [];

const profile = testProfile({ accountId: '557058:ada', grantedScopes: ['read:user:bitbucket', 'read:repository:bitbucket'] });
const connected = async () => ({ state: 'connected' as const, profile, secret: 'the-token' });

describe('sessions for other extensions', () => {
  it('the public connection has no internal fields and names the git user', () => {
    const shown = publicConnection(profile);
    assert.ok(!('credentialId' in shown) && !('version' in shown));
    assert.equal(shown.gitUsername, 'ada-lovelace');
    assert.equal(publicConnection({ ...profile, username: undefined }).gitUsername, 'x-bitbucket-api-token-auth');
  });

  it('a session carries the REST user name as its account label', () => {
    const session = sessionFor(profile, 'the-token');
    assert.deepEqual(session.account, { id: '557058:ada', label: 'ada@example.com' });
    assert.equal(session.id, 'credential-1');
    const legacy = sessionFor({ ...profile, credentialType: 'appPassword', email: undefined }, 'pw');
    assert.equal(legacy.account.label, 'ada-lovelace');
    // As api/nora-bitbucket.d.ts says: the connection's id when Bitbucket reported no account id.
    assert.equal(sessionFor({ ...profile, accountId: undefined }, 't').account.id, 'credential-1');
  });

  it('gives the connection\'s details only to the holder of its current session', async () => {
    const stored = await connected();
    assert.equal(connectionForSession(undefined, stored), undefined);
    assert.equal(connectionForSession({ id: 'credential-1', accessToken: 'guess' }, stored), undefined);
    assert.equal(connectionForSession(sessionFor(profile, 'the-token'), { state: 'disconnected' }), undefined);
    assert.deepEqual(connectionForSession(sessionFor(profile, 'the-token'), stored), publicConnection(profile));
  });

  it('names the requested scopes a token lacks, and none when Bitbucket did not report its scopes', () => {
    assert.deepEqual(missingScopes(profile, ['read:user:bitbucket', 'write:pullrequest:bitbucket', 'admin:workspace:bitbucket']), ['write:pullrequest:bitbucket', 'admin:workspace:bitbucket']);
    assert.deepEqual(missingScopes(profile, undefined), []);
    assert.deepEqual(missingScopes({ ...profile, grantedScopes: undefined }, ['write:pullrequest:bitbucket']), []);
  });

  it('answers a scope request only with a token that has every scope', () => {
    assert.ok(sessionMatchesScopes(profile, []));
    assert.ok(sessionMatchesScopes(profile, ['read:repository:bitbucket']));
    assert.ok(!sessionMatchesScopes(profile, ['write:repository:bitbucket']));
    assert.ok(sessionMatchesScopes({ ...profile, grantedScopes: undefined }, ['write:repository:bitbucket']));
  });

  it('recognises only the current connection\'s session', () => {
    assert.ok(sessionIsCurrent({ id: 'credential-1', accessToken: 'the-token' }, profile, 'the-token'));
    assert.ok(!sessionIsCurrent({ id: 'credential-1', accessToken: 'old-token' }, profile, 'the-token'));
    assert.ok(!sessionIsCurrent({ id: 'credential-0', accessToken: 'the-token' }, profile, 'the-token'));
    assert.ok(!sessionIsCurrent({ id: 'credential-1', accessToken: 42 }, profile, 'the-token'));
    assert.ok(!sessionIsCurrent(undefined, profile, 'the-token'));
  });

  it('gives no environment without the current session', async () => {
    const settings = parseSettings({});
    assert.equal(await environmentForSession(undefined, connected, settings, {}, true, noConnections), undefined);
    assert.equal(await environmentForSession({ id: 'credential-1', accessToken: 'guess' }, connected, settings, {}, true, noConnections), undefined);
    const stale = sessionFor(profile, 'the-token');
    assert.equal(await environmentForSession(stale, async () => ({ state: 'disconnected' }), settings, {}, true, noConnections), undefined);
  });

  it('gives no environment in an untrusted workspace, even for the current session', async () => {
    const session = sessionFor(profile, 'the-token');
    const read = async () => ({ state: 'connected' as const, profile, secret: 'the-token' });
    assert.equal(await environmentForSession(session, read, parseSettings({}), {}, false, noConnections), undefined);
    assert.ok(await environmentForSession(session, read, parseSettings({}), {}, true, noConnections), 'trusted: the same session gets it');
  });

  it('marks every BITBUCKET_* name the connection does not set as null, whatever this process inherited', async () => {
    const legacy = { ...profile, credentialType: 'appPassword' as const, email: undefined, workspace: undefined };
    const session = sessionFor(legacy, 'pw');
    const env = await environmentForSession(session, async () => ({ state: 'connected', profile: legacy, secret: 'pw' }), parseSettings({}), {}, true, noConnections);
    assert.ok(env);
    assert.equal(env.BITBUCKET_APP_PASSWORD, 'pw');
    assert.equal(env.BITBUCKET_WORKSPACE, null);
    assert.equal(env.BITBUCKET_EMAIL, null);
    assert.equal(env.BITBUCKET_API_TOKEN, null);
    assert.equal(env.BITBUCKET_USERNAME, 'ada-lovelace');
    assert.equal(env.BITBUCKET_TOKEN_EXPIRES, null);
  });

  it("gives the token's expiry date to the session's holder when it is known", async () => {
    const dated = { ...profile, expiresOn: '2027-03-01' };
    const env = await environmentForSession(sessionFor(dated, 't'), async () => ({ state: 'connected', profile: dated, secret: 't' }), parseSettings({}), {}, true, noConnections);
    assert.equal(env?.BITBUCKET_TOKEN_EXPIRES, '2027-03-01');
  });
});
