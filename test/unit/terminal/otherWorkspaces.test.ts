// Several connections on one git host (issue 25): an agent terminal carries its own secret only,
// and its helper steps aside for the other connections' workspaces, named in a variable.
import * as assert from 'node:assert/strict';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { parseSettings, type BitbucketSettings } from '../../../src/connection/settings';
import { buildAgentEnvironment } from '../../../src/terminal/agentEnvironment';
import { gitCredentialHelperEntries, gitCredentialHelperScript, otherWorkspacesVariable } from '../../../src/terminal/gitCredentialConfig';
import { otherWorkspacePaths } from '../../../src/terminal/otherWorkspaces';
import { resolveAgentEnvironment } from '../../../src/terminal/resolveAgentEnvironment';
import { ownerOfRemote } from '../../../src/connection/activeConnection';
import { dataCenterProfile, testProfile } from '../../support/profiles';

const work = testProfile({ credentialId: 'work', workspace: 'acme-eng', username: 'ada-work', accountId: '712020:work' });
const home = testProfile({ credentialId: 'home', workspace: 'ada-home', username: 'ada-home', email: 'ada@home.example', accountId: '712020:home' });
const bot = testProfile({ credentialId: 'bot', credentialType: 'accessToken', accessTokenScope: 'repository', workspace: 'acme-eng', repository: 'widgets', email: undefined, username: undefined });
const elsewhere = testProfile({ credentialId: 'elsewhere', workspace: 'far-away', gitOrigin: 'http://127.0.0.1:8123', apiOrigin: 'http://127.0.0.1:8123' });
const company = { ...dataCenterProfile, credentialId: 'company' };
const companyOps: ConnectionProfile = { ...dataCenterProfile, credentialId: 'company-ops', username: 'jdoe2', projectKey: 'OPS' };
const settings = parseSettings({});
const bitbucket: BitbucketSettings = { apiBaseUrl: 'https://api.bitbucket.org/2.0', gitBaseUrl: 'https://bitbucket.org', requestTimeoutMs: 15000 };
const helperKey = 'credential.https://bitbucket.org.helper';

/** The entries GIT_CONFIG_* hold, in order. */
function entries(env: Readonly<Record<string, string | undefined>>): [string | undefined, string | undefined][] {
  return Array.from({ length: Number(env.GIT_CONFIG_COUNT ?? 0) }, (_, i) => [env[`GIT_CONFIG_KEY_${i}`], env[`GIT_CONFIG_VALUE_${i}`]]);
}

describe('otherWorkspacePaths', () => {
  it("names the other connections' workspaces on the same git host, not its own nor other hosts'", () => {
    assert.deepEqual(otherWorkspacePaths(work, [home, work, elsewhere]), ['ada-home']);
    assert.deepEqual(otherWorkspacePaths(home, [home, work, elsewhere]), ['acme-eng']);
    assert.deepEqual(otherWorkspacePaths(elsewhere, [home, work, elsewhere]), []);
    assert.deepEqual(otherWorkspacePaths(work, [work]), []);
  });

  it('leaves out a workspace it shares (its own connection answers there), and names each once', () => {
    assert.deepEqual(otherWorkspacePaths(work, [bot, home, work]), ['ada-home']);
    assert.deepEqual(otherWorkspacePaths(testProfile({ credentialId: 'nobody', workspace: undefined }), [bot, home, work]), ['acme-eng', 'ada-home']);
  });

  it("Data Center: the project's path under the server, as git names it, lower case", () => {
    assert.deepEqual(otherWorkspacePaths(company, [companyOps, company]), ['bitbucket/scm/ops']);
    // Each prefix is what the rule for a folder's remote reads as that connection's project.
    const url = `https://bitbucket.example.com/${otherWorkspacePaths(company, [companyOps])[0]}/deploy.git`;
    assert.equal(ownerOfRemote(url, companyOps), 'OPS');
  });

  it('drops names that are not slugs, so nothing but slug characters reaches the shell', () => {
    const hostile = ['$(touch pwned)', 'a b', '*', '../x', '.hidden', 'x;y', 'x\ny', '`id`', "a'b"];
    const connections = hostile.map((workspace, i) => testProfile({ credentialId: `h${i}`, workspace }));
    assert.deepEqual(otherWorkspacePaths(work, connections), []);
  });
});

describe('agent terminal of one connection with another on the same git host', () => {
  it('carries its own secret only, names the other workspace and turns on useHttpPath for that host', () => {
    const env = buildAgentEnvironment({ profile: work, secret: 'work-token', settings: bitbucket, inheritedEnv: {}, connections: [home, work] });
    assert.equal(env[otherWorkspacesVariable], 'ada-home');
    assert.deepEqual(entries(env), [
      [helperKey, ''],
      [helperKey, gitCredentialHelperScript],
      ['credential.https://bitbucket.org.useHttpPath', 'true'],
    ]);
    assert.equal(JSON.stringify(env).includes('home-token'), false);
  });

  it('alone on its host: no variable and no useHttpPath, as before', () => {
    const env = buildAgentEnvironment({ profile: work, secret: 'work-token', settings: bitbucket, inheritedEnv: {}, connections: [elsewhere, work] });
    assert.equal(env[otherWorkspacesVariable], undefined);
    assert.deepEqual(entries(env).map(([key]) => key), [helperKey, helperKey]);
  });

  it('a Data Center personal token beside another project on the server: its project path, useHttpPath for the server', () => {
    const env = buildAgentEnvironment({ profile: company, secret: 'dc-token', settings: bitbucket, inheritedEnv: {}, connections: [companyOps, company] });
    assert.equal(env[otherWorkspacesVariable], 'bitbucket/scm/ops');
    assert.deepEqual(entries(env).at(-1), ['credential.https://bitbucket.example.com.useHttpPath', 'true']);
  });

  it("a removed connection's workspace is gone from the next terminal, and our inherited useHttpPath with it", async () => {
    let list: readonly ConnectionProfile[] = [home, work];
    const read = async () => ({ state: 'connected' as const, profile: work, secret: 'work-token' });
    const first = await resolveAgentEnvironment(read, settings, {}, true, () => list);
    assert.ok(first.ok && first.env[otherWorkspacesVariable] === 'ada-home');
    // The next terminal starts from one that inherited the first one's environment.
    list = [work];
    const second = await resolveAgentEnvironment(read, settings, first.env, true, () => list);
    assert.ok(second.ok);
    assert.equal(second.env[otherWorkspacesVariable], undefined);
    assert.ok(second.unset.includes(otherWorkspacesVariable), 'the inherited variable is unset');
    const merged = { ...first.env, ...second.env };
    assert.deepEqual(entries(merged).map(([key]) => key), [helperKey, helperKey]);
  });
});

describe('inherited entries of ours with useHttpPath', () => {
  it('are dropped, so the count does not grow and an old host loses its helper and its useHttpPath', () => {
    const inherited = gitCredentialHelperEntries('https://old-git.example', {}, undefined, true);
    const withUser = { ...inherited, GIT_CONFIG_COUNT: '4', GIT_CONFIG_KEY_3: 'user.name', GIT_CONFIG_VALUE_3: 'Ada' };
    const merged = { ...withUser, ...gitCredentialHelperEntries('https://bitbucket.org', withUser, undefined, true) };
    assert.deepEqual(entries(merged), [
      ['user.name', 'Ada'],
      [helperKey, ''],
      [helperKey, gitCredentialHelperScript],
      ['credential.https://bitbucket.org.useHttpPath', 'true'],
    ]);
    assert.deepEqual(gitCredentialHelperEntries('https://bitbucket.org', merged, undefined, true), { GIT_CONFIG_COUNT: '4' });
  });

  it("keep the user's own useHttpPath, which follows no helper of ours", () => {
    const inherited = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'credential.https://bitbucket.org.useHttpPath', GIT_CONFIG_VALUE_0: 'true' };
    const env = gitCredentialHelperEntries('https://bitbucket.org', inherited);
    assert.deepEqual(entries({ ...inherited, ...env })[0], ['credential.https://bitbucket.org.useHttpPath', 'true']);
    assert.equal(env.GIT_CONFIG_COUNT, '3');
  });

  it("drop the helper an earlier release wrote, so an old host stops getting this terminal's token", () => {
    const earlier = `!f() { test "$1" = get || return 0; printf '%s\\n' "username=\${BITBUCKET_USERNAME:-x-bitbucket-api-token-auth}" "password=\${BITBUCKET_APP_PASSWORD}"; }; f`;
    const oldKey = 'credential.https://old-git.example.helper';
    const inherited = { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: oldKey, GIT_CONFIG_VALUE_0: '', GIT_CONFIG_KEY_1: oldKey, GIT_CONFIG_VALUE_1: earlier };
    const merged = { ...inherited, ...gitCredentialHelperEntries('https://bitbucket.org', inherited) };
    assert.deepEqual(entries(merged).map(([key]) => key), [helperKey, helperKey]);
  });
});
