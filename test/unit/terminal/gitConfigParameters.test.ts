import assert from 'node:assert/strict';
import { gitConfigParametersWithoutCredentials } from '../../../src/terminal/gitConfigParameters';
import { buildAgentEnvironment } from '../../../src/terminal/agentEnvironment';
import { testProfile } from '../../support/profiles';

const strip = (value: string | undefined) => gitConfigParametersWithoutCredentials({ GIT_CONFIG_PARAMETERS: value });

describe('GIT_CONFIG_PARAMETERS in an agent environment', () => {
  it('drops credential.* entries in both of git\'s forms, whatever their case, and keeps the rest as written', () => {
    assert.deepEqual(strip("'credential.helper'='store' 'user.name'='Ada'"), { GIT_CONFIG_PARAMETERS: "'user.name'='Ada'" });
    assert.deepEqual(strip("'user.name=Ada' 'credential.helper=store'"), { GIT_CONFIG_PARAMETERS: "'user.name=Ada'" });
    assert.deepEqual(strip("'Credential.https://x.example.helper'='store'"), { GIT_CONFIG_PARAMETERS: '' });
    assert.deepEqual(strip("'credential.helper'"), { GIT_CONFIG_PARAMETERS: '' });
  });

  it('reads quotes and ! as git escapes them, so a value cannot hide an entry', () => {
    const tricky = `'user.name'='O'\\''Brien '\\!' credential.helper=store' 'credential.helper'='store'`;
    assert.deepEqual(strip(tricky), { GIT_CONFIG_PARAMETERS: `'user.name'='O'\\''Brien '\\!' credential.helper=store'` });
  });

  it('changes nothing without credential entries, and empties a value git could not parse', () => {
    assert.deepEqual(strip(undefined), {});
    assert.deepEqual(gitConfigParametersWithoutCredentials({}), {});
    assert.deepEqual(strip("'user.name'='Ada' 'core.editor'='vi'"), {});
    for (const broken of ["credential.helper=store", "'credential.helper'='store", "'a'x'b'"]) assert.deepEqual(strip(broken), { GIT_CONFIG_PARAMETERS: '' }, broken);
  });

  it('is part of the agent environment', () => {
    const env = buildAgentEnvironment({
      profile: testProfile(),
      secret: 's',
      settings: { apiBaseUrl: 'https://api.bitbucket.org/2.0', gitBaseUrl: 'https://bitbucket.org', requestTimeoutMs: 1000 },
      inheritedEnv: { GIT_CONFIG_PARAMETERS: "'credential.helper'='store'" },
    });
    assert.equal(env.GIT_CONFIG_PARAMETERS, '');
  });
});
