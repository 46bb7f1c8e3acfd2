import assert from 'node:assert/strict';
import { validateConnectForm, type ConnectForm } from '../../../src/connection/connectInput';
import { parseConnectionProfile, type ConnectionProfile } from '../../../src/connection/profile';
import { gitUsernameFor, publicConnection, sessionFor } from '../../../src/connection/session';
import { fillPlaceholders, type UserMessage } from '../../../src/userMessage';

const now = new Date('2026-12-01T10:00:00Z');
const text = (message: UserMessage | undefined) => (message ? fillPlaceholders(message.text, ...message.args) : undefined);

const accessTokenProfile: ConnectionProfile = {
  version: 1,
  credentialId: 'credential-7',
  credentialType: 'accessToken',
  accessTokenScope: 'repository',
  workspace: 'acme-eng',
  repository: 'widgets',
  displayName: 'acme-eng/widgets',
  grantedScopes: ['repository', 'pullrequest:write'],
  lastTestedAt: '2026-12-01T10:00:00.000Z',
  apiOrigin: 'https://api.bitbucket.org',
  gitOrigin: 'https://bitbucket.org',
  expiresOn: '2027-06-01',
};

describe('access tokens: the stored profile', () => {
  it('a profile written by the current release (an API token, as JSON in globalState) still loads unchanged', () => {
    // Verbatim what the released version stores: no accessTokenScope, no repository.
    const released = JSON.parse(
      '{"version":1,"credentialId":"3f1c","credentialType":"apiToken","email":"dev@example.com","username":"nora-dev","workspace":"acme-eng","displayName":"Nora Developer","accountId":"712020:abc","grantedScopes":["read:user:bitbucket"],"lastTestedAt":"2026-11-01T00:00:00.000Z","apiOrigin":"https://api.bitbucket.org","gitOrigin":"https://bitbucket.org","expiresOn":"2027-11-01"}',
    ) as unknown;
    assert.deepEqual(parseConnectionProfile(released), released);
    const legacy = { version: 1, credentialId: 'c', credentialType: 'appPassword', username: 'ada', displayName: 'Ada', lastTestedAt: '2026-01-01T00:00:00.000Z' };
    assert.deepEqual(parseConnectionProfile(legacy), legacy);
  });

  it('reads back an access token profile of each kind', () => {
    assert.deepEqual(parseConnectionProfile(JSON.parse(JSON.stringify(accessTokenProfile))), accessTokenProfile);
    const { repository: _repository, ...workspaceToken } = { ...accessTokenProfile, accessTokenScope: 'workspace' as const, displayName: 'acme-eng' };
    assert.deepEqual(parseConnectionProfile(workspaceToken), workspaceToken);
  });

  it('refuses an access token that does not say what it is for, and a kind on another credential', () => {
    const { workspace: _w, ...noWorkspace } = accessTokenProfile;
    const { repository: _r, ...noRepository } = accessTokenProfile;
    const { accessTokenScope: _s, ...noKind } = accessTokenProfile;
    for (const damaged of [noWorkspace, noRepository, noKind, { ...accessTokenProfile, accessTokenScope: 'team' }, { ...accessTokenProfile, repository: 7 }]) {
      assert.equal(parseConnectionProfile(damaged), undefined, JSON.stringify(damaged));
    }
    assert.equal(parseConnectionProfile({ ...accessTokenProfile, credentialType: 'apiToken', email: 'dev@example.com' }), undefined);
  });
});

describe('access tokens: the form', () => {
  const form: ConnectForm = { credentialType: 'accessToken', accessTokenScope: 'repository', secret: ' ATCTT3x ', workspace: ' acme-eng ', repository: ' widgets ', expiresOn: '2027-06-01', email: 'ignored@example.com', username: 'ignored' };

  it('keeps only what an access token has: kind, workspace, repository, token and date', () => {
    assert.deepEqual(validateConnectForm(form, now), {
      ok: true,
      input: { credentialType: 'accessToken', accessTokenScope: 'repository', email: undefined, username: undefined, secret: 'ATCTT3x', workspace: 'acme-eng', repository: 'widgets', expiresOn: '2027-06-01' },
    });
    const project = validateConnectForm({ ...form, accessTokenScope: 'project' }, now);
    assert.ok(project.ok && project.input.repository === undefined && project.input.accessTokenScope === 'project');
  });

  it('the workspace is required, and the repository for a repository token, each under its field', () => {
    const result = validateConnectForm({ ...form, workspace: '', repository: '  ', secret: '' }, now);
    assert.ok(!result.ok);
    assert.equal(text(result.fieldErrors.workspace), 'Enter the workspace the access token was created in (for example acme-eng).');
    assert.equal(text(result.fieldErrors.repository), 'Enter the repository the access token was created in (for example widgets).');
    assert.equal(text(result.fieldErrors.secret), 'Paste the access token.');
    const badRepository = validateConnectForm({ ...form, repository: '..' }, now);
    assert.ok(!badRepository.ok && text(badRepository.fieldErrors.repository)?.startsWith('A repository slug has only'));
    const passed = validateConnectForm({ ...form, expiresOn: '2026-01-01' }, now);
    assert.ok(!passed.ok && passed.fieldErrors.expiresOn, 'an access token expires too');
  });
});

describe('access tokens: git user, session and public connection', () => {
  it('git signs in as x-token-auth, the session is labelled with what the token is for, REST is Bearer', () => {
    assert.equal(gitUsernameFor(accessTokenProfile), 'x-token-auth');
    assert.equal(gitUsernameFor({ ...accessTokenProfile, username: 'someone' }), 'x-token-auth');
    assert.deepEqual(sessionFor(accessTokenProfile, 'ATCTT3x').account, { id: 'credential-7', label: 'acme-eng/widgets' });
    const connection = publicConnection(accessTokenProfile);
    assert.equal(connection.authType, 'bearer');
    assert.equal(connection.gitUsername, 'x-token-auth');
    assert.equal(connection.repository, 'widgets');
  });
});
