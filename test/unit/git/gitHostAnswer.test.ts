import * as assert from 'node:assert/strict';
import { apiTokenGitUsername } from '../../../src/bitbucket/credentials';
import type { StoredCredentials } from '../../../src/connection/storedConnection';
import { gitHostAnswer, isPinnedGitHost, type GitHostUri } from '../../../src/git/gitHostAnswer';
import { buildAgentEnvironment } from '../../../src/terminal/agentEnvironment';
import { testProfile } from '../../support/profiles';

/** What `vscode.Uri.parse` makes of the host in git's prompt. */
function hostUri(url: string): GitHostUri {
  const match = /^([^:]+):\/\/([^/?#]*)/.exec(url);
  assert.ok(match, url);
  return { scheme: match[1] ?? '', authority: match[2] ?? '' };
}

const connected = (overrides: Parameters<typeof testProfile>[0] = {}): StoredCredentials => ({
  state: 'connected',
  profile: testProfile({ gitOrigin: 'https://bitbucket.org', ...overrides }),
  secret: 'the-token',
});

describe('isPinnedGitHost', () => {
  it('takes the pinned origin exactly, in any letter case', () => {
    assert.equal(isPinnedGitHost(hostUri('https://bitbucket.org'), 'https://bitbucket.org'), true);
    assert.equal(isPinnedGitHost(hostUri('https://BitBucket.ORG'), 'https://bitbucket.org'), true);
    assert.equal(isPinnedGitHost(hostUri('http://127.0.0.1:8123'), 'http://127.0.0.1:8123'), true);
    assert.equal(isPinnedGitHost(hostUri('http://[::1]:8123'), 'http://[::1]:8123'), true);
  });

  const refused: [string, string, string][] = [
    ['a user name', 'https://ada@bitbucket.org', 'https://bitbucket.org'],
    ['a user name and password', 'https://ada:pw@bitbucket.org', 'https://bitbucket.org'],
    ['another port', 'https://bitbucket.org:8443', 'https://bitbucket.org'],
    ['the default port written out', 'https://bitbucket.org:443', 'https://bitbucket.org'],
    ['another loopback port', 'http://127.0.0.1:9', 'http://127.0.0.1:8123'],
    ['http: for the https: host', 'http://bitbucket.org', 'https://bitbucket.org'],
    ['http: to a host that is not loopback, even when pinned', 'http://git.example', 'http://git.example'],
    ['a look-alike that starts like it', 'https://bitbucket.org.evil.example', 'https://bitbucket.org'],
    ['a look-alike that ends like it', 'https://xbitbucket.org', 'https://bitbucket.org'],
    ['a subdomain', 'https://git.bitbucket.org', 'https://bitbucket.org'],
    ['a trailing dot', 'https://bitbucket.org.', 'https://bitbucket.org'],
    ['a backslash the URL parser would forgive', 'https://bitbucket.org\\evil.example', 'https://bitbucket.org'],
    ['another scheme', 'ssh://bitbucket.org', 'https://bitbucket.org'],
    ['an empty authority', 'https://', 'https://bitbucket.org'],
  ];
  for (const [what, host, pinned] of refused) {
    it(`refuses ${what}`, () => assert.equal(isPinnedGitHost(hostUri(host), pinned), false));
  }
});

describe('gitHostAnswer', () => {
  const bitbucket = hostUri('https://bitbucket.org');

  it('answers the pinned host with the git username and the token', () => {
    assert.deepEqual(gitHostAnswer(bitbucket, connected(), true), {
      answered: true,
      host: 'https://bitbucket.org',
      username: 'ada-lovelace',
      password: 'the-token',
    });
  });

  it('counts a profile from before pinning as pinned to bitbucket.org', () => {
    const answer = gitHostAnswer(bitbucket, connected({ gitOrigin: undefined }), true);
    assert.equal(answer.answered, true);
  });

  it('gives nothing for another host, even the one the settings now name', () => {
    const answer = gitHostAnswer(hostUri('http://127.0.0.1:8123'), connected(), true);
    assert.deepEqual(answer, { answered: false, reason: 'otherHost' });
  });

  it('gives nothing while disconnected, changed in another window, or untrusted', () => {
    assert.deepEqual(gitHostAnswer(bitbucket, { state: 'disconnected' }, true), { answered: false, reason: 'notConnected' });
    const elsewhere: StoredCredentials = { state: 'changedElsewhere', profile: testProfile() };
    assert.deepEqual(gitHostAnswer(bitbucket, elsewhere, true), { answered: false, reason: 'changedElsewhere' });
    assert.deepEqual(gitHostAnswer(bitbucket, connected(), false), { answered: false, reason: 'untrusted' });
  });

  it("signs in as the same account as the agent terminal's helper", () => {
    const settings = { apiBaseUrl: 'https://api.bitbucket.org/2.0', gitBaseUrl: 'https://bitbucket.org', requestTimeoutMs: 15000 };
    const profiles = [
      testProfile(),
      testProfile({ username: undefined }),
      testProfile({ username: 'ada\nhost=evil.example' }),
      testProfile({ credentialType: 'appPassword', username: 'ada' }),
      testProfile({ credentialType: 'accessToken', accessTokenScope: 'repository', repository: 'widgets', email: undefined, username: undefined }),
    ];
    for (const profile of profiles) {
      const env = buildAgentEnvironment({ profile, secret: 's', settings, inheritedEnv: {} });
      const answer = gitHostAnswer(bitbucket, { state: 'connected', profile, secret: 's' }, true);
      assert.ok(answer.answered);
      // The helper sends BITBUCKET_USERNAME, or this name when the variable is unset.
      assert.equal(answer.username, env.BITBUCKET_USERNAME ?? apiTokenGitUsername, JSON.stringify(profile.username));
      // An access token's git user is x-token-auth (issue 24), in VS Code's Git as in the terminal.
      if (profile.credentialType === 'accessToken') assert.equal(answer.username, 'x-token-auth');
    }
  });
});
