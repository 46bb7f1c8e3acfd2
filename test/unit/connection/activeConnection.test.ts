import assert from 'node:assert/strict';
import { chooseActive, ownerOfRemote, type ActiveChoice } from '../../../src/connection/activeConnection';
import { identityOf } from '../../../src/connection/connectionList';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { dataCenterProfile, testProfile } from '../../support/profiles';

const work = testProfile({ credentialId: 'work', workspace: 'acme-eng', accountId: '712020:work', displayName: 'Work' });
const personal = testProfile({ credentialId: 'personal', workspace: 'ada-home', accountId: '712020:home', email: 'ada@home.example', displayName: 'Home' });
const bot = testProfile({ credentialId: 'bot', credentialType: 'accessToken', accessTokenScope: 'repository', workspace: 'acme-eng', repository: 'widgets', email: undefined, username: undefined, displayName: 'acme-eng/widgets' });
const company = { ...dataCenterProfile, credentialId: 'company' };
const all = [personal, work, company]; // newest first

/** The user's pick is stored as the connection's identity. */
const pickOf = (profile: ConnectionProfile) => identityOf(profile);

const chosen = (choice: ActiveChoice) => (choice.kind === 'chosen' ? [choice.connection.credentialId, choice.reason, choice.tiedWith.map((c) => c.credentialId)] : ['none']);

describe('several connections: the active one per window', () => {
  it("picks by the open folder's remote: host, then workspace or project", () => {
    assert.deepEqual(chosen(chooseActive(all, ['https://bitbucket.org/acme-eng/widgets.git'], undefined)), ['work', 'remote', []]);
    assert.deepEqual(chosen(chooseActive(all, ['git@bitbucket.org:ada-home/notes.git'], pickOf(work))), ['personal', 'remote', []]);
    assert.deepEqual(chosen(chooseActive(all, ['https://bitbucket.example.com/bitbucket/scm/proj/widgets.git'], pickOf(work))), ['company', 'remote', []]);
    // Only one connection on the host: the host alone decides, whatever the workspace.
    assert.deepEqual(chosen(chooseActive([work, company], ['https://bitbucket.org/someone-else/x.git'], pickOf(company))), ['work', 'remote', []]);
  });

  it('three folders, three accounts: each window gets its own without a switch by hand', () => {
    const folders = [
      ['https://bitbucket.org/acme-eng/api.git', 'work'],
      ['https://bitbucket.org/ada-home/blog.git', 'personal'],
      ['https://bitbucket.example.com/bitbucket/scm/PROJ/widgets.git', 'company'],
    ];
    for (const [remote, expected] of folders) {
      const choice = chooseActive(all, [remote], undefined);
      assert.ok(choice.kind === 'chosen' && choice.connection.credentialId === expected, `${remote}: ${JSON.stringify(chosen(choice))}`);
    }
  });

  it('a tie (an API token and a bot token of the same workspace) is settled by the pick, else the newest of the tied, and says so', () => {
    const list = [work, bot, personal];
    const remote = ['https://bitbucket.org/acme-eng/widgets.git'];
    assert.deepEqual(chosen(chooseActive(list, remote, undefined)), ['work', 'recent', ['work', 'bot']]);
    assert.deepEqual(chosen(chooseActive(list, remote, pickOf(bot))), ['bot', 'picked', ['work', 'bot']]);
    // A pick outside the tie does not settle it.
    assert.deepEqual(chosen(chooseActive(list, remote, pickOf(personal))), ['work', 'recent', ['work', 'bot']]);
  });

  it("the pick is the connection's identity: it still holds after the token was replaced (a new credential id)", () => {
    const replaced = { ...company, credentialId: 'company-new-token' };
    assert.deepEqual(chosen(chooseActive([personal, work, replaced], [], pickOf(company))), ['company-new-token', 'picked', []]);
  });

  it('without a matching remote: the last pick, else the most recently connected', () => {
    assert.deepEqual(chosen(chooseActive(all, [], pickOf(company))), ['company', 'picked', []]);
    assert.deepEqual(chosen(chooseActive(all, ['https://github.com/ada/x.git'], 'apiToken https://api.example.com gone')), ['personal', 'recent', []]);
    assert.deepEqual(chosen(chooseActive([], ['https://bitbucket.org/acme-eng/x.git'], pickOf(work))), ['none']);
  });

  it('reads remotes strictly: another host, a look-alike host or an odd path names nothing', () => {
    assert.equal(ownerOfRemote('https://bitbucket.org.evil.example/acme-eng/x.git', work), undefined);
    assert.equal(ownerOfRemote('https://bitbucket.example.com/scm/PROJ/widgets.git', company), '', 'outside the context path');
    assert.equal(ownerOfRemote('https://bitbucket.example.com/bitbucket/scm/../admin/x.git', company), '');
    assert.equal(ownerOfRemote('https://bitbucket.example.com/bitbucket/scm/PROJ/a/b.git', company), '');
    assert.equal(ownerOfRemote('not a url', company), undefined);
    assert.equal(ownerOfRemote('https://bitbucket.example.com/bitbucket/scm/proj/widgets.git', company), 'PROJ');
    const connection: ConnectionProfile = { ...company, projectKey: undefined };
    delete (connection as { projectKey?: string }).projectKey;
    assert.deepEqual(chosen(chooseActive([connection, { ...company, credentialId: 'company-2', username: 'other' }], ['https://bitbucket.example.com/bitbucket/scm/PROJ/w.git'], undefined)), ['company-2', 'remote', []]);
  });
});
