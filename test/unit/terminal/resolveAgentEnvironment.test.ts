import assert from 'node:assert/strict';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { parseSettings } from '../../../src/connection/settings';
import { untrustedWorkspaceMessage } from '../../../src/connection/workspaceTrust';
import { resolveAgentEnvironment } from '../../../src/terminal/resolveAgentEnvironment';
import { fillPlaceholders } from '../../../src/userMessage';
import { dataCenterProfile, testProfile } from '../../support/profiles';

/** No other stored connection. */
const noConnections = () => [];

const profile = testProfile();

describe('resolveAgentEnvironment', () => {
  it('reads the credentials when asked, so a reconnect applies to the next terminal', async () => {
    let secret = 'first-token';
    const read = async () => ({ state: 'connected' as const, profile, secret });
    const first = await resolveAgentEnvironment(read, parseSettings({}), {}, true, noConnections);
    secret = 'second-token';
    const second = await resolveAgentEnvironment(read, parseSettings({}), {}, true, noConnections);
    assert.ok(first.ok && second.ok);
    assert.equal(first.env.BITBUCKET_APP_PASSWORD, 'first-token');
    assert.equal(second.env.BITBUCKET_APP_PASSWORD, 'second-token');
    assert.equal(second.env.BITBUCKET_API_URL, 'https://api.bitbucket.org/2.0');
  });

  it('in an untrusted workspace refuses without reading the credentials, and hands out again once trusted', async () => {
    let reads = 0;
    const read = async () => (reads++, { state: 'connected' as const, profile, secret: 'the-token' });
    const refused = await resolveAgentEnvironment(read, parseSettings({}), {}, false, noConnections);
    assert.ok(!refused.ok && refused.reason === 'untrusted');
    assert.equal(refused.problem, untrustedWorkspaceMessage);
    assert.equal(reads, 0, 'the secret was not even read');
    const trusted = await resolveAgentEnvironment(read, parseSettings({}), {}, true, noConnections);
    assert.ok(trusted.ok && trusted.env.BITBUCKET_API_TOKEN === 'the-token');
  });

  it('refuses when not connected, without a secret to leak', async () => {
    const result = await resolveAgentEnvironment(async () => ({ state: 'disconnected' }), parseSettings({}), {}, true, noConnections);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'notConnected');
  });

  it('refuses a connection whose secret is missing here (another window changed it, or the keyring lost it)', async () => {
    const result = await resolveAgentEnvironment(async () => ({ state: 'changedElsewhere', profile }), parseSettings({}), {}, true, noConnections);
    assert.ok(!result.ok);
    assert.equal(result.reason, 'changedElsewhere');
    assert.match(result.problem.text, /secret is missing/);
  });

  it('refuses when the settings are refused', async () => {
    const result = await resolveAgentEnvironment(async () => ({ state: 'connected', profile, secret: 's' }), parseSettings({ gitBaseUrl: 'http://example.com' }), {}, true, noConnections);
    assert.ok(!result.ok && result.reason === 'settings');
    assert.match(fillPlaceholders(result.problem.text, ...result.problem.args), /gitBaseUrl/);
  });

  it('unsets stale inherited BITBUCKET_* variables this connection does not set', async () => {
    const legacy: ConnectionProfile = { ...profile, credentialType: 'appPassword', email: undefined, workspace: undefined };
    const result = await resolveAgentEnvironment(async () => ({ state: 'connected', profile: legacy, secret: 's' }), parseSettings({}), {
      BITBUCKET_WORKSPACE: 'old',
      BITBUCKET_API_TOKEN: 'old-token',
      PATH: '/usr/bin',
    }, true, noConnections);
    assert.ok(result.ok);
    assert.deepEqual([...result.unset].sort(), ['BITBUCKET_API_TOKEN', 'BITBUCKET_WORKSPACE']);
  });

  it('gives nothing when a setting points away from the origins the connection was made at', async () => {
    const pinned: ConnectionProfile = { ...profile, apiOrigin: 'https://api.bitbucket.org', gitOrigin: 'https://bitbucket.org' };
    const read = async () => ({ state: 'connected' as const, profile: pinned, secret: 's' });
    const moved = await resolveAgentEnvironment(read, parseSettings({ gitBaseUrl: 'https://git.evil.example' }), {}, true, noConnections);
    assert.ok(!moved.ok && moved.reason === 'originChanged');
    assert.deepEqual(moved.change, { setting: 'nora.bitbucket.gitBaseUrl', pinned: 'https://bitbucket.org', current: 'https://git.evil.example' });
    const api = await resolveAgentEnvironment(read, parseSettings({ apiBaseUrl: 'https://api.evil.example/2.0' }), {}, true, noConnections);
    assert.ok(!api.ok && api.reason === 'originChanged' && api.change.setting === 'nora.bitbucket.apiBaseUrl');
    // A profile from before pinning is pinned to Bitbucket itself.
    const legacy = await resolveAgentEnvironment(async () => ({ state: 'connected', profile, secret: 's' }), parseSettings({ gitBaseUrl: 'https://git.evil.example' }), {}, true, noConnections);
    assert.ok(!legacy.ok && legacy.reason === 'originChanged');
    assert.ok((await resolveAgentEnvironment(read, parseSettings({}), {}, true, noConnections)).ok);
  });
});

describe('agent terminals with several connections of two kinds', () => {
  const cloud = testProfile({ credentialId: 'cloud', workspace: 'acme-eng', username: 'nora-dev' });
  const company = { ...dataCenterProfile, credentialId: 'company' };
  const secrets: Record<string, string> = { cloud: 'cloud-secret-token', company: 'company-secret-token' };
  const both = () => [company, cloud];
  const terminalFor = (profile: ConnectionProfile) =>
    resolveAgentEnvironment(async () => ({ state: 'connected', profile, secret: secrets[profile.credentialId] ?? '' }), parseSettings({}), {}, true, both);

  it("each terminal's variables are its own connection's, never the other's", async () => {
    for (const [own, other] of [
      [cloud, company],
      [company, cloud],
    ] as const) {
      const result = await terminalFor(own);
      assert.ok(result.ok, JSON.stringify(result));
      const values = Object.values(result.env).join('\n');
      assert.ok(values.includes(secrets[own.credentialId] ?? '?'), `${own.credentialId}: its own secret is missing`);
      assert.ok(!values.includes(secrets[other.credentialId] ?? '?'), `${own.credentialId}: the other connection's secret is in its terminal`);
      for (const name of [other.username, other.workspace, other.serverUrl, other.projectKey]) {
        if (name && name !== own.username && name !== own.workspace) assert.ok(!values.includes(name), `${own.credentialId}: ${name} of the other connection`);
      }
    }
  });
});
