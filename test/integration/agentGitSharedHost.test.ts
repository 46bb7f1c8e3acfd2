/**
 * Two accounts on one git host (issue 25), with real git against the loopback server: an agent
 * terminal of account A carries A's secret only; its helper answers A's workspace and steps aside
 * for B's, where git asks its askpass (VS Code's, in every integrated terminal; a script here).
 */
import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BitbucketSettings } from '../../src/connection/settings';
import { buildAgentEnvironment } from '../../src/terminal/agentEnvironment';
import { otherWorkspacesVariable } from '../../src/terminal/gitCredentialConfig';
import { createBareRepository, runGit, type GitResult } from '../fakes/gitCommands';
import { startGitHttpServer, type GitHttpServer } from '../fakes/gitHttpServer';
import { testProfile } from '../support/profiles';

const workToken = 'work-token-ATATT3xFfGF0';
const homeToken = 'home-token-ATATT3xFfGF0';

describe('agent terminal git with two accounts on one host (real git, loopback server)', function () {
  this.timeout(120_000);
  this.slow(5_000);

  let root: string;
  let server: GitHttpServer;
  let baseEnv: Record<string, string>;
  let agentEnv: Record<string, string>;
  /** Where the stand-in for VS Code's askpass writes each prompt it gets. */
  let askpassLog: string;
  let askpass: string;

  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-git-shared-'));
    const served = path.join(root, 'served');
    await createBareRepository(served, 'acme-eng/api.git');
    await createBareRepository(served, 'ada-home/blog.git');
    // Each account reaches its own workspace only, as on Bitbucket.
    server = await startGitHttpServer({
      projectRoot: served,
      logins: [
        { username: 'ada-work', password: workToken, workspaces: ['acme-eng'] },
        { username: 'ada-home', password: homeToken, workspaces: ['ada-home'] },
      ],
    });
    const home = path.join(root, 'home');
    await fs.mkdir(home);
    baseEnv = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
    };
    const settings: BitbucketSettings = { apiBaseUrl: `${server.url}/2.0`, gitBaseUrl: server.url, requestTimeoutMs: 15_000 };
    const pins = { apiOrigin: server.url, gitOrigin: server.url };
    const work = testProfile({ credentialId: 'work', workspace: 'acme-eng', username: 'ada-work', ...pins });
    const personal = testProfile({ credentialId: 'home', workspace: 'ada-home', username: 'ada-home', email: 'ada@home.example', ...pins });
    agentEnv = { ...baseEnv, ...buildAgentEnvironment({ profile: work, secret: workToken, settings, inheritedEnv: baseEnv, connections: [personal, work] }) };

    askpassLog = path.join(root, 'askpass.log');
    const homeTokenFile = path.join(root, 'home-token');
    await fs.writeFile(homeTokenFile, `${homeToken}\n`);
    askpass = path.join(root, 'askpass.sh');
    await fs.writeFile(
      askpass,
      `#!/bin/sh\nprintf '%s\\n' "$1" >> '${askpassLog}'\ncase $1 in Username*) echo ada-home;; Password*) cat '${homeTokenFile}';; esac\n`,
      { mode: 0o700 },
    );
  });

  after(async () => {
    await server?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  beforeEach(async () => {
    server.requests.length = 0;
    await fs.rm(askpassLog, { force: true });
  });

  const lsRemote = (workspaceRepo: string, env: Record<string, string>, cwd = root): Promise<GitResult> =>
    runGit(['ls-remote', `${server.url}/${workspaceRepo}`], { env, cwd, timeoutMs: 60_000 });
  /** User names the server got for the repositories under `workspace`. */
  const usersSeenFor = (workspace: string) => [...new Set(server.requests.filter((r) => r.url.startsWith(`/${workspace}/`)).map((r) => r.username ?? '(none)'))];
  const askpassPrompts = async () => (existsSync(askpassLog) ? (await fs.readFile(askpassLog, 'utf8')).split('\n').filter((line) => line !== '') : []);

  it("the terminal holds A's secret, never B's, and names B's workspace", () => {
    assert.equal(agentEnv[otherWorkspacesVariable], 'ada-home');
    assert.equal(JSON.stringify(agentEnv).includes(homeToken), false);
    assert.equal(JSON.stringify(agentEnv).includes(workToken), true);
  });

  it("A's workspace: the helper answers as A, without asking the askpass", async () => {
    const listed = await lsRemote('acme-eng/api.git', { ...agentEnv, GIT_ASKPASS: askpass });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /refs\/heads\/main/);
    assert.deepEqual(usersSeenFor('acme-eng'), ['(none)', 'ada-work']);
    assert.deepEqual(await askpassPrompts(), []);
  });

  it("B's workspace without an askpass: the helper steps aside, and A's credentials never reach B's repository", async () => {
    const listed = await lsRemote('ada-home/blog.git', agentEnv);
    assert.notEqual(listed.code, 0, listed.stdout);
    assert.match(listed.stderr, /could not read Username for 'http:\/\/127\.0\.0\.1:\d+\/ada-home\/blog\.git'/);
    // Only git's first, anonymous request: no credential at all went to B's repository.
    assert.deepEqual(usersSeenFor('ada-home'), ['(none)']);
  });

  it("B's workspace with VS Code's askpass stood in for: git asks it with the repository's path, and signs in as B", async () => {
    const listed = await lsRemote('ada-home/blog.git', { ...agentEnv, GIT_ASKPASS: askpass });
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(usersSeenFor('ada-home'), ['(none)', 'ada-home']);
    // The path is in the prompt VS Code's askpass reads the URL from (useHttpPath for this host).
    assert.deepEqual(await askpassPrompts(), [
      `Username for '${server.url}/ada-home/blog.git': `,
      `Password for '${server.url.replace('http://', 'http://ada-home@')}/ada-home/blog.git': `,
    ]);
  });

  it('a hostile workspace list runs nothing and expands nothing: the helper still answers A', async () => {
    const cwd = path.join(root, 'hostile');
    await fs.mkdir(cwd, { recursive: true });
    // A file named like A's workspace: `*`, were it expanded, would make the helper step aside there.
    await fs.writeFile(path.join(cwd, 'acme-eng'), '');
    const marker = path.join(cwd, 'pwned');
    const hostile = `* $(touch ${marker}) \`touch ${marker}\` ';touch ${marker};' "x" ../acme-eng acme-eng/../x\ntouch ${marker}`;
    const listed = await lsRemote('acme-eng/api.git', { ...agentEnv, [otherWorkspacesVariable]: hostile }, cwd);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(usersSeenFor('acme-eng'), ['(none)', 'ada-work']);
    assert.equal(existsSync(marker), false, 'the workspace list ran a command');
  });
});
