import * as assert from 'node:assert/strict';
import type { ConnectionProfile } from '../../../src/connection/profile';
import type { BitbucketSettings } from '../../../src/connection/settings';
import { agentVariablesToUnset, buildAgentEnvironment } from '../../../src/terminal/agentEnvironment';
import { gitCredentialHelperScript } from '../../../src/terminal/gitCredentialConfig';
import { dataCenterProfile } from '../../support/profiles';

// Cloud's settings: a Data Center connection must use none of them.
const settings: BitbucketSettings = { apiBaseUrl: 'https://api.bitbucket.org/2.0', gitBaseUrl: 'https://bitbucket.org', requestTimeoutMs: 15000 };
const helperKey = 'credential.https://bitbucket.example.com.helper';
const headerKey = 'http.https://bitbucket.example.com/bitbucket/.extraHeader';
const service: ConnectionProfile = { ...dataCenterProfile, tokenOwner: 'service', username: 'project-proj-bot' };

describe('buildAgentEnvironment: Data Center', () => {
  it('a personal token: the token as Bearer, the server, its REST API, the project, and git as the user through the helper', () => {
    const env = buildAgentEnvironment({ profile: dataCenterProfile, secret: 'BBDC-token', settings, inheritedEnv: {} });
    assert.deepEqual(env, {
      BITBUCKET_APP_PASSWORD: 'BBDC-token',
      BITBUCKET_ACCESS_TOKEN: 'BBDC-token',
      BITBUCKET_AUTH_TYPE: 'bearer',
      BITBUCKET_USERNAME: 'jdoe',
      BITBUCKET_SERVER_URL: 'https://bitbucket.example.com/bitbucket',
      BITBUCKET_API_URL: 'https://bitbucket.example.com/bitbucket/rest/api/latest',
      BITBUCKET_PROJECT: 'PROJ',
      BITBUCKET_TOKEN_EXPIRES: '2027-06-01',
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: helperKey,
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: helperKey,
      GIT_CONFIG_VALUE_1: gitCredentialHelperScript,
    });
  });

  it('a project or repository token: no user, and git sends it as a Bearer header to the server alone', () => {
    const env = buildAgentEnvironment({ profile: service, secret: 'BBDC-bot', settings, inheritedEnv: {} });
    assert.equal(env['BITBUCKET_USERNAME'], undefined);
    assert.equal(env['GIT_CONFIG_COUNT'], '4');
    assert.deepEqual([env['GIT_CONFIG_KEY_2'], env['GIT_CONFIG_VALUE_2']], [headerKey, '']);
    assert.deepEqual([env['GIT_CONFIG_KEY_3'], env['GIT_CONFIG_VALUE_3']], [headerKey, 'Authorization: Bearer BBDC-bot']);
  });

  it("never mixes in a Cloud connection's variables, and a terminal started from another agent terminal drops that one's header", () => {
    const inherited = {
      ...buildAgentEnvironment({ profile: service, secret: 'BBDC-old', settings, inheritedEnv: {} }),
      BITBUCKET_WORKSPACE: 'acme-eng',
      BITBUCKET_EMAIL: 'dev@example.com',
    };
    const env = buildAgentEnvironment({ profile: dataCenterProfile, secret: 'BBDC-token', settings, inheritedEnv: inherited });
    assert.deepEqual(agentVariablesToUnset(env, inherited).sort(), ['BITBUCKET_EMAIL', 'BITBUCKET_WORKSPACE']);
    assert.equal(env['GIT_CONFIG_COUNT'], '2');
    assert.ok(!Object.values(env).some((value) => value.includes('BBDC-old')), 'the old token stays in no variable');
  });

  it("keeps the user's own extra header for another server", () => {
    const inherited = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.https://other.example/.extraHeader', GIT_CONFIG_VALUE_0: 'X-Team: blue' };
    const env = buildAgentEnvironment({ profile: service, secret: 'BBDC-bot', settings, inheritedEnv: inherited });
    assert.equal(env['GIT_CONFIG_COUNT'], '5');
    assert.equal(env['GIT_CONFIG_KEY_0'], undefined, 'unchanged, so not set again');
  });
});
