// Several connections (issue 25): which one VS Code's Git answers a request with, by host, then
// by the repository's path, then the window's connection, then recency; and never another's secret.
import * as assert from 'node:assert/strict';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { activeProfile, readStoredCredentials } from '../../../src/connection/storedConnection';
import { answerGitRequest, connectionForGitRequest, type GitHostUri } from '../../../src/git/gitHostAnswer';
import { memoryStores } from '../../support/memoryStores';
import { dataCenterProfile, testProfile } from '../../support/profiles';

/** What `vscode.Uri.parse` makes of the URL in git's prompt. */
function request(url: string): GitHostUri {
  const match = /^([^:]+):\/\/([^/?#]*)(.*)$/.exec(url);
  assert.ok(match, url);
  return { scheme: match[1] ?? '', authority: match[2] ?? '', path: match[3] ?? '' };
}

const work = testProfile({ credentialId: 'work', workspace: 'acme-eng', username: 'ada-work', accountId: '712020:work', gitOrigin: 'https://bitbucket.org' });
const home = testProfile({ credentialId: 'home', workspace: 'ada-home', username: 'ada-home', email: 'ada@home.example', accountId: '712020:home', gitOrigin: 'https://bitbucket.org' });
const bot = testProfile({ credentialId: 'bot', credentialType: 'accessToken', accessTokenScope: 'repository', workspace: 'acme-eng', repository: 'widgets', email: undefined, username: undefined, displayName: 'acme-eng/widgets', gitOrigin: 'https://bitbucket.org' });
const loopback = testProfile({ credentialId: 'loopback', workspace: 'acme-eng', email: 'x@example.com', accountId: '712020:loop', gitOrigin: 'http://127.0.0.1:8123' });
const company = { ...dataCenterProfile, credentialId: 'company' };
const companyOther: ConnectionProfile = { ...dataCenterProfile, credentialId: 'company-other', username: 'jdoe2', projectKey: 'OPS' };

const chosen = (url: string, connections: readonly ConnectionProfile[], active?: ConnectionProfile) =>
  connectionForGitRequest(request(url), connections, active)?.credentialId;

describe('several connections: the one VS Code\'s Git answers with', () => {
  it('one connection on the host answers, whatever the path names; other hosts get none', () => {
    assert.equal(chosen('https://bitbucket.org/someone-else/x.git', [work, loopback]), 'work');
    assert.equal(chosen('https://bitbucket.org', [work, loopback]), 'work');
    assert.equal(chosen('http://127.0.0.1:8123/acme-eng/x.git', [work, loopback]), 'loopback');
    assert.equal(chosen('https://gitlab.com/acme-eng/x.git', [work, loopback]), undefined);
    assert.equal(chosen('https://bitbucket.org/acme-eng/x.git', []), undefined);
  });

  it('two accounts on bitbucket.org: the one whose workspace the path names, whichever is active or newer', () => {
    for (const list of [[work, home], [home, work]]) {
      for (const active of [work, home, undefined]) {
        assert.equal(chosen('https://bitbucket.org/acme-eng/api.git', list, active), 'work');
        assert.equal(chosen('https://bitbucket.org/ada-home/blog.git', list, active), 'home');
        // Letter case in the URL does not matter, as in the folder's remote.
        assert.equal(chosen('https://bitbucket.org/ADA-HOME/blog', list, active), 'home');
      }
    }
  });

  it('a path that names neither, or no path (git without useHttpPath): the active connection, else the newest on the host', () => {
    assert.equal(chosen('https://bitbucket.org/third-party/lib.git', [work, home], home), 'home');
    assert.equal(chosen('https://bitbucket.org', [work, home], home), 'home');
    assert.equal(chosen('https://bitbucket.org', [home, work], work), 'work');
    assert.equal(chosen('https://bitbucket.org', [home, work], undefined), 'home');
    // The active connection is on another host: the newest on this one.
    assert.equal(chosen('https://bitbucket.org', [loopback, home, work], loopback), 'home');
    assert.equal(chosen('https://bitbucket.org/third-party/lib.git', [work, company, home], company), 'work');
  });

  it('a tie (an API token and a bot token of the same workspace): the active one if tied, else the newest of the tied', () => {
    const list = [home, bot, work];
    assert.equal(chosen('https://bitbucket.org/acme-eng/widgets.git', list, work), 'work');
    assert.equal(chosen('https://bitbucket.org/acme-eng/widgets.git', list, bot), 'bot');
    // The active connection is not one of the tied: the newest of the tied, not the active one.
    assert.equal(chosen('https://bitbucket.org/acme-eng/widgets.git', list, home), 'bot');
    assert.equal(chosen('https://bitbucket.org/acme-eng/widgets.git', [work, bot, home], home), 'work');
  });

  it('Data Center: the project the /scm/KEY/ path names, in any letter case, on the server with its context path', () => {
    const list = [companyOther, company];
    assert.equal(chosen('https://bitbucket.example.com/bitbucket/scm/proj/widgets.git', list, companyOther), 'company');
    assert.equal(chosen('https://bitbucket.example.com/bitbucket/scm/OPS/deploy.git', list, company), 'company-other');
    assert.equal(chosen('https://bitbucket.example.com/bitbucket/scm/OTHER/x.git', list, company), 'company');
    assert.equal(chosen('https://bitbucket.example.com/bitbucket/scm/OTHER/x.git', list, undefined), 'company-other');
  });

  const lookAlikes: [string, string][] = [
    ['a user name', 'https://ada@bitbucket.org/acme-eng/api.git'],
    ['another port', 'https://bitbucket.org:8443/acme-eng/api.git'],
    ['http: for the https: host', 'http://bitbucket.org/acme-eng/api.git'],
    ['a look-alike that starts like it', 'https://bitbucket.org.evil.example/acme-eng/api.git'],
    ['a look-alike that ends like it', 'https://xbitbucket.org/ada-home/blog.git'],
    ['a subdomain', 'https://git.bitbucket.org/ada-home/blog.git'],
  ];
  for (const [what, url] of lookAlikes) {
    it(`gives none for ${what}, even with a connection's workspace in the path`, () => assert.equal(chosen(url, [work, home], work), undefined));
  }
});

describe("several connections: VS Code's Git answers with the chosen one's own secret only", () => {
  async function twoAccounts() {
    const stores = memoryStores();
    await stores.connections.write([home, work]);
    await stores.secrets.store({ credentialId: 'work', secret: 'work-token' });
    await stores.secrets.store({ credentialId: 'home', secret: 'home-token' });
    stores.connections.picked = undefined;
    const deps = {
      connections: () => stores.connections.list(),
      active: () => activeProfile(stores.connections),
      readCredentials: (credentialId: string) => readStoredCredentials(stores.connections, stores.secrets, credentialId),
    };
    return { stores, deps };
  }

  it('answers each workspace with its account', async () => {
    const { deps } = await twoAccounts();
    assert.deepEqual(await answerGitRequest(request('https://bitbucket.org/acme-eng/api.git'), deps, true), {
      answered: true,
      host: 'https://bitbucket.org',
      username: 'ada-work',
      password: 'work-token',
    });
    const answer = await answerGitRequest(request('https://bitbucket.org/ada-home/blog.git'), deps, true);
    assert.ok(answer.answered && answer.username === 'ada-home' && answer.password === 'home-token', JSON.stringify(answer));
  });

  it("a connection whose secret is missing gets no answer, never the other account's secret", async () => {
    const { stores, deps } = await twoAccounts();
    await stores.secrets.delete('home');
    const answer = await answerGitRequest(request('https://bitbucket.org/ada-home/blog.git'), deps, true);
    assert.deepEqual(answer, { answered: false, reason: 'changedElsewhere' });
    // The active connection (the newest, home) has no secret either: a path-less request is refused too.
    assert.deepEqual(await answerGitRequest(request('https://bitbucket.org'), deps, true), { answered: false, reason: 'changedElsewhere' });
    // The other workspace still gets its own.
    const work = await answerGitRequest(request('https://bitbucket.org/acme-eng/api.git'), deps, true);
    assert.ok(work.answered && work.password === 'work-token');
  });

  it('a secret stored under another connection\'s key is not paired with it', async () => {
    const { stores, deps } = await twoAccounts();
    stores.secrets.byId.set('home', { credentialId: 'work', secret: 'work-token' });
    assert.deepEqual(await answerGitRequest(request('https://bitbucket.org/ada-home/blog.git'), deps, true), { answered: false, reason: 'changedElsewhere' });
  });

  it('untrusted, other hosts and a Data Center project token: no answer', async () => {
    const { stores, deps } = await twoAccounts();
    assert.deepEqual(await answerGitRequest(request('https://bitbucket.org/acme-eng/api.git'), deps, false), { answered: false, reason: 'untrusted' });
    assert.deepEqual(await answerGitRequest(request('https://bitbucket.org.evil.example/acme-eng/api.git'), deps, true), { answered: false, reason: 'otherHost' });
    const projectToken: ConnectionProfile = { ...company, tokenOwner: 'service', username: 'project-bot' };
    await stores.connections.write([projectToken, ...stores.connections.list()]);
    await stores.secrets.store({ credentialId: 'company', secret: 'dc-token' });
    assert.deepEqual(await answerGitRequest(request('https://bitbucket.example.com/bitbucket/scm/PROJ/x.git'), deps, true), { answered: false, reason: 'headerOnly' });
  });
});
