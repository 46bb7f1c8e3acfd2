import assert from 'node:assert/strict';
import { validateConnectForm, type ConnectForm } from '../../../src/connection/connectInput';
import { parseConnectionProfile, type ConnectionProfile } from '../../../src/connection/profile';
import { parseServerUrl } from '../../../src/connection/serverUrl';
import { gitUsernameFor, publicConnection, sessionFor } from '../../../src/connection/session';
import { gitHostAnswer } from '../../../src/git/gitHostAnswer';
import { fillPlaceholders, type UserMessage } from '../../../src/userMessage';
import { dataCenterProfile } from '../../support/profiles';

const now = new Date('2026-12-01T10:00:00Z');
const text = (message: UserMessage | undefined) => (message ? fillPlaceholders(message.text, ...message.args) : undefined);


describe('Data Center: the Server URL', () => {
  const ok = (typed: string) => {
    const result = parseServerUrl(typed);
    assert.ok(result.ok, `${typed}: ${result.ok ? '' : text(result.problem)}`);
    return result.url;
  };
  const refused = (typed: unknown) => {
    const result = parseServerUrl(typed);
    assert.ok(!result.ok, `${String(typed)} was accepted`);
    return text(result.problem) ?? '';
  };

  it('keeps the origin and context path, without a trailing slash or a pasted REST path', () => {
    assert.equal(ok('https://bitbucket.example.com'), 'https://bitbucket.example.com');
    assert.equal(ok(' https://bitbucket.example.com/ '), 'https://bitbucket.example.com');
    assert.equal(ok('https://example.com/bitbucket/'), 'https://example.com/bitbucket');
    assert.equal(ok('https://bitbucket.example.com/rest/api/latest'), 'https://bitbucket.example.com');
    assert.equal(ok('https://bitbucket.example.com:8443/rest/api/1.0/'), 'https://bitbucket.example.com:8443');
    assert.equal(ok('bitbucket.example.com'), 'https://bitbucket.example.com');
    assert.equal(ok('http://127.0.0.1:7990'), 'http://127.0.0.1:7990');
  });

  it('refuses what would send the token unencrypted, elsewhere or to Bitbucket Cloud, each with its own sentence', () => {
    assert.match(refused(''), /Enter the address of your Bitbucket Data Center server/);
    assert.match(refused(undefined), /Enter the address/);
    assert.match(refused('http://bitbucket.example.com'), /must start with https:\/\//);
    assert.match(refused('ftp://bitbucket.example.com'), /must start with https:\/\//);
    assert.match(refused('https://jane:secret@bitbucket.example.com'), /user name and password out/);
    assert.match(refused('https://*.example.com'), /one server/);
    assert.match(refused('https://bitbucket.org'), /bitbucket\.org is Bitbucket Cloud: choose "API token"/);
    assert.match(refused('https://api.bitbucket.org/2.0'), /Bitbucket Cloud/);
    assert.match(refused('https://bitbucket.example.com/?next=/evil'), /without "\?" or "#"/);
    assert.match(refused('https://exa mple.com'), /web address|one server/);
  });
});

describe('Data Center: the form', () => {
  const form = (overrides: Partial<ConnectForm> = {}): ConnectForm => ({
    credentialType: 'dataCenter',
    secret: 'BBDC-token',
    serverUrl: 'https://bitbucket.example.com/',
    ...overrides,
  });

  it('asks for the Server URL and the token; the project key is optional and matched in capitals', () => {
    const result = validateConnectForm(form({ projectKey: ' proj_1 ', workspace: 'ignored', email: 'ignored@example.com' }), now);
    assert.ok(result.ok);
    assert.equal(result.input.serverUrl, 'https://bitbucket.example.com');
    assert.equal(result.input.projectKey, 'PROJ_1');
    // Data Center has projects, not workspaces; and no email signs in.
    assert.equal(result.input.workspace, undefined);
    assert.equal(result.input.email, undefined);
    const without = validateConnectForm(form({ projectKey: '' }), now);
    assert.ok(without.ok && without.input.projectKey === undefined);
  });

  it('ties each problem to its field', () => {
    const result = validateConnectForm(form({ serverUrl: '', secret: '', projectKey: '1-bad' }), now);
    assert.ok(!result.ok);
    assert.match(text(result.fieldErrors.serverUrl) ?? '', /Enter the address/);
    assert.equal(text(result.fieldErrors.secret), 'Paste the HTTP access token.');
    assert.match(text(result.fieldErrors.projectKey) ?? '', /starts with a letter/);
    const cloud = validateConnectForm(form({ serverUrl: 'bitbucket.org' }), now);
    assert.ok(!cloud.ok && /Bitbucket Cloud/.test(text(cloud.fieldErrors.serverUrl) ?? ''));
  });

  it('a Cloud kind never carries a server or project', () => {
    const result = validateConnectForm({ credentialType: 'apiToken', email: 'dev@example.com', secret: 'ATATT', serverUrl: 'https://evil.example', projectKey: 'X' }, now);
    assert.ok(result.ok);
    assert.equal(result.input.serverUrl, undefined);
    assert.equal(result.input.projectKey, undefined);
  });
});

describe('Data Center: the stored profile', () => {
  it('reads back a personal and a service token profile', () => {
    assert.deepEqual(parseConnectionProfile(JSON.parse(JSON.stringify(dataCenterProfile))), dataCenterProfile);
    const service = { ...dataCenterProfile, tokenOwner: 'service', username: 'project-proj-bot', email: undefined };
    delete service.email;
    assert.deepEqual(parseConnectionProfile(service), service);
  });

  it('refuses a damaged one: no or another server, an odd slug or project, Data Center fields on a Cloud kind', () => {
    const { serverUrl: _s, ...noServer } = dataCenterProfile;
    const { tokenOwner: _o, ...noOwner } = dataCenterProfile;
    for (const damaged of [
      noServer,
      noOwner,
      { ...dataCenterProfile, serverUrl: 'http://bitbucket.example.com' },
      { ...dataCenterProfile, serverUrl: 'https://bitbucket.example.com/' },
      { ...dataCenterProfile, tokenOwner: 'admin' },
      { ...dataCenterProfile, username: 'jdoe\nusername=evil' },
      { ...dataCenterProfile, username: '..' },
      { ...dataCenterProfile, projectKey: '../X' },
      { ...dataCenterProfile, credentialType: 'apiToken' },
    ]) {
      assert.equal(parseConnectionProfile(damaged), undefined, JSON.stringify(damaged));
    }
  });
});

describe('Data Center: git and the session', () => {
  const stored = (profile: ConnectionProfile) => ({ state: 'connected' as const, profile, secret: 'BBDC-token' });
  const host = { scheme: 'https', authority: 'bitbucket.example.com' };

  it('a personal token signs git in as its user, on the server it was connected to', () => {
    assert.equal(gitUsernameFor(dataCenterProfile), 'jdoe');
    assert.deepEqual(gitHostAnswer(host, stored(dataCenterProfile), true), { answered: true, host: 'https://bitbucket.example.com', username: 'jdoe', password: 'BBDC-token' });
    assert.deepEqual(gitHostAnswer({ scheme: 'https', authority: 'bitbucket.org' }, stored(dataCenterProfile), true), { answered: false, reason: 'otherHost' });
  });

  it("a project or repository token has no git user: VS Code's Git is not answered, since it works only as a header", () => {
    const service: ConnectionProfile = { ...dataCenterProfile, tokenOwner: 'service', username: 'project-proj-bot' };
    assert.equal(gitUsernameFor(service), undefined);
    assert.deepEqual(gitHostAnswer(host, stored(service), true), { answered: false, reason: 'headerOnly' });
    assert.equal(publicConnection(service).gitUsername, undefined);
  });

  it('the session names the user; the public connection names the server and project, never the secret', () => {
    const session = sessionFor(dataCenterProfile, 'BBDC-token');
    assert.equal(session.account.label, 'jdoe');
    const connection = publicConnection(dataCenterProfile);
    assert.equal(connection.authType, 'bearer');
    assert.equal(connection.serverUrl, 'https://bitbucket.example.com/bitbucket');
    assert.equal(connection.projectKey, 'PROJ');
    assert.ok(!JSON.stringify(connection).includes('BBDC-token'));
  });
});
