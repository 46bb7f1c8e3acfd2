import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { BitbucketSettings } from '../../../src/connection/settings';
import { agentVariablesToUnset, buildAgentEnvironment } from '../../../src/terminal/agentEnvironment';
import { gitCredentialHelperScript } from '../../../src/terminal/gitCredentialConfig';
import { testProfile } from '../../support/profiles';
import { fuzzRuns } from '../../support/fuzz';

const settings: BitbucketSettings = {
  apiBaseUrl: 'https://api.bitbucket.org/2.0',
  gitBaseUrl: 'https://bitbucket.org',
  requestTimeoutMs: 15000,
};

const helperKey = 'credential.https://bitbucket.org.helper';

const profile = testProfile;

const gitEntries = (start: number): Record<string, string> => ({
  GIT_CONFIG_COUNT: String(start + 2),
  [`GIT_CONFIG_KEY_${start}`]: helperKey,
  [`GIT_CONFIG_VALUE_${start}`]: '',
  [`GIT_CONFIG_KEY_${start + 1}`]: helperKey,
  [`GIT_CONFIG_VALUE_${start + 1}`]: gitCredentialHelperScript,
});

describe('buildAgentEnvironment', () => {
  it('API token: username, token twice, email, workspace, API URL and git helper', () => {
    const env = buildAgentEnvironment({ profile: profile(), secret: 'ATATT-token', settings, inheritedEnv: {} });
    assert.deepEqual(env, {
      BITBUCKET_USERNAME: 'ada-lovelace',
      BITBUCKET_APP_PASSWORD: 'ATATT-token',
      BITBUCKET_AUTH_TYPE: 'basic',
      BITBUCKET_WORKSPACE: 'analytical-engines',
      BITBUCKET_EMAIL: 'ada@example.com',
      BITBUCKET_API_TOKEN: 'ATATT-token',
      BITBUCKET_API_URL: 'https://api.bitbucket.org/2.0',
      ...gitEntries(0),
    });
  });

  it('API token without a username leaves BITBUCKET_USERNAME out (the helper falls back)', () => {
    const env = buildAgentEnvironment({
      profile: profile({ username: undefined }),
      secret: 'ATATT-token',
      settings,
      inheritedEnv: {},
    });
    assert.equal('BITBUCKET_USERNAME' in env, false);
    assert.equal(env.BITBUCKET_APP_PASSWORD, 'ATATT-token');
    assert.equal(env.BITBUCKET_API_TOKEN, 'ATATT-token');
  });

  it('app password: username as entered, no email, no API token', () => {
    const env = buildAgentEnvironment({
      profile: profile({ credentialType: 'appPassword', email: 'ignored@example.com', username: 'ada' }),
      secret: 'app-pass',
      settings,
      inheritedEnv: {},
    });
    assert.deepEqual(env, {
      BITBUCKET_USERNAME: 'ada',
      BITBUCKET_APP_PASSWORD: 'app-pass',
      BITBUCKET_AUTH_TYPE: 'basic',
      BITBUCKET_WORKSPACE: 'analytical-engines',
      BITBUCKET_API_URL: 'https://api.bitbucket.org/2.0',
      ...gitEntries(0),
    });
  });

  it('access token: Bearer, x-token-auth for git, the token three ways, workspace and repository (issue 24)', () => {
    const accessToken = profile({ credentialType: 'accessToken', accessTokenScope: 'repository', email: undefined, username: undefined, repository: 'widgets', expiresOn: '2027-05-01' });
    const env = buildAgentEnvironment({ profile: accessToken, secret: 'ATCTT-token', settings, inheritedEnv: { BITBUCKET_EMAIL: 'stale@example.com', BITBUCKET_API_TOKEN: 'stale' } });
    assert.deepEqual(env, {
      BITBUCKET_USERNAME: 'x-token-auth',
      BITBUCKET_APP_PASSWORD: 'ATCTT-token',
      BITBUCKET_AUTH_TYPE: 'bearer',
      BITBUCKET_WORKSPACE: 'analytical-engines',
      BITBUCKET_ACCESS_TOKEN: 'ATCTT-token',
      BITBUCKET_REPOSITORY: 'widgets',
      BITBUCKET_TOKEN_EXPIRES: '2027-05-01',
      BITBUCKET_API_URL: 'https://api.bitbucket.org/2.0',
      ...gitEntries(0),
    });
    // An API token's names from an earlier terminal must not reach an agent working as the bot.
    assert.deepEqual(agentVariablesToUnset(env, { BITBUCKET_EMAIL: 'stale@example.com', BITBUCKET_API_TOKEN: 'stale' }), ['BITBUCKET_EMAIL', 'BITBUCKET_API_TOKEN']);
    // And the reverse: an API token's terminal unsets an inherited access token and auth type.
    const apiEnv = buildAgentEnvironment({ profile: profile(), secret: 'ATATT-token', settings, inheritedEnv: {} });
    const stale = { BITBUCKET_ACCESS_TOKEN: 'old', BITBUCKET_REPOSITORY: 'widgets', BITBUCKET_AUTH_TYPE: 'bearer' };
    assert.deepEqual(agentVariablesToUnset(apiEnv, stale), ['BITBUCKET_ACCESS_TOKEN', 'BITBUCKET_REPOSITORY']);
  });

  it('exports the expiry date of an API token only when it is known, and unsets an inherited one otherwise', () => {
    const known = buildAgentEnvironment({ profile: profile({ expiresOn: '2027-03-01' }), secret: 's', settings, inheritedEnv: {} });
    assert.equal(known.BITBUCKET_TOKEN_EXPIRES, '2027-03-01');
    const inherited = { BITBUCKET_TOKEN_EXPIRES: '2020-01-01' };
    const unknown = buildAgentEnvironment({ profile: profile(), secret: 's', settings, inheritedEnv: inherited });
    assert.equal('BITBUCKET_TOKEN_EXPIRES' in unknown, false);
    assert.deepEqual(agentVariablesToUnset(unknown, inherited), ['BITBUCKET_TOKEN_EXPIRES']);
    const legacy = buildAgentEnvironment({
      profile: profile({ credentialType: 'appPassword', expiresOn: '2027-03-01' }),
      secret: 's',
      settings,
      inheritedEnv: {},
    });
    assert.equal('BITBUCKET_TOKEN_EXPIRES' in legacy, false);
  });

  it('leaves the workspace out when none is set, or when a stored one is not a slug (such as "..")', () => {
    for (const credentialType of ['apiToken', 'appPassword'] as const) {
      for (const workspace of [undefined, '', '.', '..', '.acme', `wörk "space"`]) {
        const env = buildAgentEnvironment({ profile: profile({ credentialType, workspace }), secret: 's', settings, inheritedEnv: {} });
        assert.equal('BITBUCKET_WORKSPACE' in env, false);
      }
    }
  });

  it('passes values with spaces, quotes and non-ASCII characters through unchanged', () => {
    const secret = `p a"s's $HOME \\n ünï ✓ 🔑`;
    const env = buildAgentEnvironment({ profile: profile(), secret, settings, inheritedEnv: {} });
    assert.equal(env.BITBUCKET_APP_PASSWORD, secret);
    assert.equal(env.BITBUCKET_API_TOKEN, secret);
  });

  it('uses the configured API and git URLs', () => {
    const env = buildAgentEnvironment({
      profile: profile(),
      secret: 's',
      settings: { apiBaseUrl: 'http://127.0.0.1:9000/2.0', gitBaseUrl: 'http://127.0.0.1:9001', requestTimeoutMs: 1000 },
      inheritedEnv: {},
    });
    assert.equal(env.BITBUCKET_API_URL, 'http://127.0.0.1:9000/2.0');
    assert.equal(env.GIT_CONFIG_KEY_0, 'credential.http://127.0.0.1:9001.helper');
  });

  it('appends its git entries after inherited ones and returns only what it adds', () => {
    const inheritedEnv = {
      PATH: '/usr/bin',
      HOME: '/home/ada',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: `Zoë "Z" O'Brien`,
    };
    const env = buildAgentEnvironment({ profile: profile(), secret: 's3cret', settings, inheritedEnv });
    assert.equal('PATH' in env, false);
    assert.equal('HOME' in env, false);
    assert.equal('GIT_CONFIG_KEY_0' in env, false);
    assert.equal('GIT_CONFIG_VALUE_0' in env, false);
    for (const [name, value] of Object.entries(gitEntries(1))) assert.equal(env[name], value, name);
    assert.deepEqual(
      Object.keys(env)
        .filter((name) => !name.startsWith('BITBUCKET_'))
        .sort(),
      Object.keys(gitEntries(1)).sort(),
    );
  });

  it('never puts the secret in a GIT_CONFIG_* value', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }),
        fc.string({ unit: 'grapheme', minLength: 1 }),
        fc.constantFrom('apiToken' as const, 'appPassword' as const),
        fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
        (secretA, secretB, credentialType, username) => {
          const build = (secret: string): Record<string, string> =>
            buildAgentEnvironment({ profile: profile({ credentialType, username }), secret, settings, inheritedEnv: {} });
          const gitPart = (env: Record<string, string>): Array<[string, string]> =>
            Object.entries(env).filter(([name]) => name.startsWith('GIT_CONFIG_'));
          // The git configuration does not depend on the secret at all.
          assert.deepEqual(gitPart(build(secretA)), gitPart(build(secretB)));
        },
      ),
      { numRuns: fuzzRuns },
    );
    const secret = 'ATATT3xFfGF0-realistic_token=value';
    const env = buildAgentEnvironment({ profile: profile(), secret, settings, inheritedEnv: {} });
    for (const [name, value] of Object.entries(env)) {
      if (name.startsWith('GIT_CONFIG_')) assert.ok(!value.includes(secret), name);
    }
  });

  it('names the inherited BITBUCKET_* variables the terminal should unset', () => {
    const env = buildAgentEnvironment({
      profile: profile({ credentialType: 'appPassword', username: 'ada', workspace: undefined }),
      secret: 's',
      settings,
      inheritedEnv: {},
    });
    const inherited = { BITBUCKET_API_TOKEN: 'old', BITBUCKET_WORKSPACE: 'old', BITBUCKET_USERNAME: 'old', PATH: '/bin' };
    assert.deepEqual(agentVariablesToUnset(env, inherited).sort(), ['BITBUCKET_API_TOKEN', 'BITBUCKET_WORKSPACE']);
  });
});
