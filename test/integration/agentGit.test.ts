/**
 * Real git against a loopback smart-HTTP server: the agent-terminal environment lets git
 * clone and push with no prompt, only to the configured git host, and without writing the
 * secret anywhere.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ConnectionProfile } from '../../src/connection/profile';
import type { BitbucketSettings } from '../../src/connection/settings';
import { buildAgentEnvironment } from '../../src/terminal/agentEnvironment';
import { accessTokenGitUsername, apiTokenGitUsername } from '../../src/bitbucket/credentials';
import { createBareRepository, runGit, type GitResult } from '../fakes/gitCommands';
import { startGitHttpServer, type GitHttpServer } from '../fakes/gitHttpServer';
import { testProfile } from '../support/profiles';

const gitTimeoutMs = 90_000;

function profile(overrides: Partial<ConnectionProfile> = {}): ConnectionProfile {
  return testProfile({ workspace: 'ws', ...overrides });
}

interface Sandbox {
  readonly root: string;
  readonly home: string;
  readonly work: string;
  readonly projectRoot: string;
  /** What a terminal would inherit: no user/system config, no askpass, prompts disabled. */
  readonly baseEnv: Record<string, string>;
}

function isolatedEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'Path', 'SYSTEMROOT', 'SystemRoot', 'TEMP', 'TMP', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_AUTHOR_NAME: 'Agent',
    GIT_AUTHOR_EMAIL: 'agent@example.invalid',
    GIT_COMMITTER_NAME: 'Agent',
    GIT_COMMITTER_EMAIL: 'agent@example.invalid',
  };
}

function git(args: readonly string[], env: Record<string, string>, cwd: string): Promise<GitResult> {
  return runGit(args, { env, cwd, timeoutMs: gitTimeoutMs });
}

function assertOk(result: GitResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed (${result.code}):\n${result.stderr}`);
}

/** Every file under `dir` (symlinks not followed). */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

async function assertSecretInNoFile(dirs: readonly string[], secret: string): Promise<void> {
  const needle = Buffer.from(secret, 'utf8');
  let scanned = 0;
  for (const dir of dirs) {
    for (const file of await filesUnder(dir)) {
      scanned++;
      const content = await fs.readFile(file);
      assert.equal(content.includes(needle), false, `the secret was written to ${file}`);
    }
  }
  assert.ok(scanned > 0, 'no files were scanned');
}

describe('agent terminal git (real git, loopback server)', function () {
  this.timeout(240_000);
  this.slow(10_000);

  let sandbox: Sandbox;
  const servers: GitHttpServer[] = [];
  let repoCounter = 0;

  beforeEach(async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'agent-git-'));
    const home = path.join(root, 'home');
    const work = path.join(root, 'work');
    const projectRoot = path.join(root, 'server');
    await Promise.all([fs.mkdir(path.join(home, '.config'), { recursive: true }), fs.mkdir(work), fs.mkdir(projectRoot)]);
    sandbox = { root, home, work, projectRoot, baseEnv: isolatedEnv(home) };
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await fs.rm(sandbox.root, { recursive: true, force: true });
  });

  async function serve(username: string, password: string): Promise<GitHttpServer> {
    const server = await startGitHttpServer({ projectRoot: sandbox.projectRoot, username, password });
    servers.push(server);
    return server;
  }

  async function newRepository(): Promise<{ gitDir: string; path: string }> {
    const relative = `ws/repo-${++repoCounter}.git`;
    return { gitDir: await createBareRepository(sandbox.projectRoot, relative), path: relative };
  }

  function settingsFor(server: GitHttpServer): BitbucketSettings {
    return { apiBaseUrl: `${server.url}/2.0`, gitBaseUrl: server.url, requestTimeoutMs: 15_000 };
  }

  function agentEnv(p: ConnectionProfile, secret: string, server: GitHttpServer, inherited = sandbox.baseEnv): Record<string, string> {
    return { ...inherited, ...buildAgentEnvironment({ profile: p, secret, settings: settingsFor(server), inheritedEnv: inherited }) };
  }

  /** Clone, commit, push; checks the push reached the server. Returns the clone's path. */
  async function cloneCommitPush(env: Record<string, string>, server: GitHttpServer, repo: { gitDir: string; path: string }): Promise<string> {
    const clone = path.join(sandbox.work, `clone-${repoCounter}`);
    assertOk(await git(['clone', `${server.url}/${repo.path}`, clone], env, sandbox.work), 'git clone');
    await fs.appendFile(path.join(clone, 'README.md'), 'A change by the agent.\n');
    assertOk(await git(['commit', '-q', '-am', 'Agent change'], env, clone), 'git commit');
    assertOk(await git(['push', 'origin', 'HEAD:main'], env, clone), 'git push');
    const local = await git(['rev-parse', 'HEAD'], env, clone);
    const remote = await git(['--git-dir', repo.gitDir, 'rev-parse', 'main'], sandbox.baseEnv, sandbox.work);
    assert.equal(remote.stdout.trim(), local.stdout.trim(), 'the pushed commit is on the server');
    return clone;
  }

  function assertOnlySaw(server: GitHttpServer, username: string, password: string): void {
    assert.ok(server.seen.length > 0, 'the server saw credentials');
    for (const credential of server.seen) assert.deepEqual(credential, { username, password });
  }

  it('API token with a username: clone, commit and push with the Bitbucket username', async () => {
    const secret = 'ATATT3xFfGF0-token-with-username';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const clone = await cloneCommitPush(agentEnv(profile(), secret, server), server, repo);
    assertOnlySaw(server, 'ada-lovelace', secret);
    await assertSecretInNoFile([sandbox.home, clone], secret);
    const config = await fs.readFile(path.join(clone, '.git', 'config'), 'utf8');
    assert.ok(config.includes(`url = ${server.url}/${repo.path}`), 'the remote URL carries no credentials');
    assert.ok(!/helper|password/i.test(config), config);
  });

  it('API token without a username: git uses x-bitbucket-api-token-auth', async () => {
    const secret = 'ATATT3xFfGF0-token-without-username';
    const server = await serve(apiTokenGitUsername, secret);
    const repo = await newRepository();
    const clone = await cloneCommitPush(agentEnv(profile({ username: undefined }), secret, server), server, repo);
    assertOnlySaw(server, apiTokenGitUsername, secret);
    await assertSecretInNoFile([sandbox.home, clone], secret);
  });

  it('app password: git uses the username as entered', async () => {
    const secret = 'legacyAppPassword123';
    const server = await serve('ada', secret);
    const repo = await newRepository();
    const p = profile({ credentialType: 'appPassword', username: 'ada', email: undefined });
    const clone = await cloneCommitPush(agentEnv(p, secret, server), server, repo);
    assertOnlySaw(server, 'ada', secret);
    await assertSecretInNoFile([sandbox.home, clone], secret);
  });

  it('access token: clone, commit and push as x-token-auth, with a stale username inherited (issue 24)', async () => {
    const secret = 'ATCTT3xFfGN0-repository-access-token';
    const server = await serve(accessTokenGitUsername, secret);
    const repo = await newRepository();
    const p = profile({ credentialType: 'accessToken', accessTokenScope: 'repository', repository: 'repo', email: undefined, username: undefined, displayName: 'ws/repo' });
    // A BITBUCKET_USERNAME left from an API-token terminal must not be sent with the bot's token.
    const clone = await cloneCommitPush(agentEnv(p, secret, server, { ...sandbox.baseEnv, BITBUCKET_USERNAME: 'ada-lovelace' }), server, repo);
    assertOnlySaw(server, accessTokenGitUsername, secret);
    await assertSecretInNoFile([sandbox.home, clone], secret);
  });

  it('a secret with spaces, quotes, $, backslashes and non-ASCII characters works end to end', async () => {
    const secret = `s p"a'c e $HOME $(id) \`id\` \\n \\\\ %41 :colon ünïcødé ✓ 🔑`;
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const p = profile({ workspace: `wörk "space" 'x' $y` });
    const clone = await cloneCommitPush(agentEnv(p, secret, server), server, repo);
    assertOnlySaw(server, 'ada-lovelace', secret);
    await assertSecretInNoFile([sandbox.home, clone], secret);
  });

  it('without the environment, clone and push fail (and nothing prompts)', async () => {
    const secret = 'ATATT3xFfGF0-not-given';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();

    const failedClone = await git(['clone', `${server.url}/${repo.path}`, 'no-env'], sandbox.baseEnv, sandbox.work);
    assert.notEqual(failedClone.code, 0);
    assert.match(failedClone.stderr, /could not read Username|terminal prompts disabled/);
    assert.deepEqual(server.seen, []);

    // A clone made with the agent environment cannot push from a plain one.
    const clone = await cloneCommitPush(agentEnv(profile(), secret, server), server, repo);
    const seenBefore = server.seen.length;
    await fs.appendFile(path.join(clone, 'README.md'), 'Another change.\n');
    assertOk(await git(['commit', '-q', '-am', 'Another'], sandbox.baseEnv, clone), 'git commit');
    const failedPush = await git(['push', 'origin', 'HEAD:main'], sandbox.baseEnv, clone);
    assert.notEqual(failedPush.code, 0);
    assert.match(failedPush.stderr, /could not read Username|terminal prompts disabled/);
    assert.equal(server.seen.length, seenBefore, 'no credentials were sent without the environment');
  });

  it('with a wrong secret, clone and push fail', async () => {
    const secret = 'ATATT3xFfGF0-right';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const wrong = agentEnv(profile(), 'ATATT3xFfGF0-wrong', server);

    const failedClone = await git(['clone', `${server.url}/${repo.path}`, 'wrong'], wrong, sandbox.work);
    assert.notEqual(failedClone.code, 0);
    assert.match(failedClone.stderr, /Authentication failed/);
    assert.ok(server.seen.some((c) => c.password === 'ATATT3xFfGF0-wrong'));

    const clone = await cloneCommitPush(agentEnv(profile(), secret, server), server, repo);
    await fs.appendFile(path.join(clone, 'README.md'), 'Another change.\n');
    assertOk(await git(['commit', '-q', '-am', 'Another'], wrong, clone), 'git commit');
    const failedPush = await git(['push', 'origin', 'HEAD:main'], wrong, clone);
    assert.notEqual(failedPush.code, 0);
    assert.match(failedPush.stderr, /Authentication failed/);
  });

  it('a global `credential.helper store` with a stale password neither answers nor stores', async () => {
    const secret = 'ATATT3xFfGF0-fresh';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const host = new URL(server.url).host;
    await fs.writeFile(path.join(sandbox.home, '.gitconfig'), '[credential]\n\thelper = store\n');
    const credentialsFile = path.join(sandbox.home, '.git-credentials');
    const stale = `http://ada-lovelace:stale-password@${host}\n`;
    await fs.writeFile(credentialsFile, stale);

    const clone = await cloneCommitPush(agentEnv(profile(), secret, server), server, repo);
    assertOnlySaw(server, 'ada-lovelace', secret);
    assert.equal(await fs.readFile(credentialsFile, 'utf8'), stale, '.git-credentials is unchanged');
    await assertSecretInNoFile([sandbox.home, clone], secret);

    // The store helper is live in this HOME: without our environment git uses the stale password.
    const seenBefore = server.seen.length;
    const plain = await git(['clone', `${server.url}/${repo.path}`, 'plain'], sandbox.baseEnv, sandbox.work);
    assert.notEqual(plain.code, 0);
    assert.deepEqual(server.seen.slice(seenBefore), [{ username: 'ada-lovelace', password: 'stale-password' }]);
  });

  it('known limit (README): `git -c credential.helper=store` on the command line comes after ours and saves the token', async () => {
    const secret = 'ATATT3xFfGF0-cli-store';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const env = agentEnv(profile(), secret, server);
    const clone = await git(['-c', 'credential.helper=store', 'clone', `${server.url}/${repo.path}`, 'cli-store'], env, sandbox.work);
    assertOk(clone, 'git clone');
    const saved = await fs.readFile(path.join(sandbox.home, '.git-credentials'), 'utf8');
    assert.ok(saved.includes(secret), 'git no longer saves through a command-line helper: update the README');
  });

  it('a `credential.helper` inherited in GIT_CONFIG_PARAMETERS is dropped, and the other inherited entries kept', async () => {
    const secret = 'ATATT3xFfGF0-parameters';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    // What a `git -c …` that started VS Code would leave in its environment, written by git itself.
    const printed = await git(
      ['-c', 'credential.helper=store', '-c', "user.name=Kept O'Brien!", '-c', 'Credential.https://example.com.helper=store', '-c', 'alias.params=!printenv GIT_CONFIG_PARAMETERS', 'params'],
      sandbox.baseEnv,
      sandbox.work,
    );
    assertOk(printed, 'git params');
    const inherited = { ...sandbox.baseEnv, GIT_CONFIG_PARAMETERS: printed.stdout.trim() };
    const env = agentEnv(profile(), secret, server, inherited);
    await cloneCommitPush(env, server, repo);
    const approve = await runGit(['credential', 'approve'], { env, cwd: sandbox.work, timeoutMs: gitTimeoutMs, input: `url=${server.url}/x\nusername=ada-lovelace\npassword=${secret}\n\n` });
    assertOk(approve, 'git credential approve');
    await assert.rejects(fs.access(path.join(sandbox.home, '.git-credentials')), 'the inherited store helper saved the token');
    await assertSecretInNoFile([sandbox.home, sandbox.work], secret);
    const name = await git(['config', 'user.name'], env, sandbox.work);
    assert.equal(name.stdout.trim(), "Kept O'Brien!");
    const helpers = await git(['config', '--get-regexp', '^credential\\.'], env, sandbox.work);
    assert.doesNotMatch(helpers.stdout, /store/);
  });

  it('the helper does not answer for another host', async () => {
    const secret = 'ATATT3xFfGF0-scoped';
    const bitbucket = await serve('ada-lovelace', secret);
    const other = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const env = agentEnv(profile(), secret, bitbucket);

    const elsewhere = await git(['clone', `${other.url}/${repo.path}`, 'elsewhere'], env, sandbox.work);
    assert.notEqual(elsewhere.code, 0);
    assert.match(elsewhere.stderr, /could not read Username|terminal prompts disabled/);
    assert.deepEqual(other.seen, [], 'no credentials went to the other host');

    const fill = await runGit(['credential', 'fill'], {
      env,
      cwd: sandbox.work,
      input: `protocol=http\nhost=${new URL(other.url).host}\n\n`,
      timeoutMs: gitTimeoutMs,
    });
    assert.notEqual(fill.code, 0);
    assert.ok(!fill.stdout.includes(secret));

    await cloneCommitPush(env, bitbucket, repo);
    assertOnlySaw(bitbucket, 'ada-lovelace', secret);
  });

  it('a username with a line break (an older profile) cannot rewrite what git credential fill answers', async () => {
    const secret = 'ATATT3xFfGF0-newline';
    const server = await serve(apiTokenGitUsername, secret);
    const env = agentEnv(profile({ username: 'ada\nhost=evil.example' }), secret, server);
    const fill = await runGit(['credential', 'fill'], {
      env,
      cwd: sandbox.work,
      input: `protocol=http\nhost=${new URL(server.url).host}\n\n`,
      timeoutMs: gitTimeoutMs,
    });
    assert.equal(fill.code, 0, fill.stderr);
    assert.ok(!fill.stdout.includes('evil.example'), fill.stdout);
    assert.match(fill.stdout, new RegExp(`^username=${apiTokenGitUsername}$`, 'm'));
  });

  it('a terminal started from an agent terminal for an old git host stops answering that host', async () => {
    const secret = 'ATATT3xFfGF0-current';
    const oldHost = await serve('ada-lovelace', secret);
    const current = await serve('ada-lovelace', secret);
    // What a VS Code launched from an old agent terminal inherits: our entries for the old host.
    const inherited = agentEnv(profile(), 'ATATT3xFfGF0-old', oldHost);
    const env = agentEnv(profile(), secret, current, inherited);
    const fill = await runGit(['credential', 'fill'], {
      env,
      cwd: sandbox.work,
      input: `protocol=http\nhost=${new URL(oldHost.url).host}\n\n`,
      timeoutMs: gitTimeoutMs,
    });
    assert.ok(!fill.stdout.includes(secret), `the old host got the current token:\n${fill.stdout}`);
    assert.equal(env.GIT_CONFIG_COUNT, '2');
    await cloneCommitPush(env, current, await newRepository());
  });

  it('inherited GIT_CONFIG_* entries keep working next to ours', async () => {
    const secret = 'ATATT3xFfGF0-inherited';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const authorName = `Zoë "Z" O'Brien $HOME`;
    const { GIT_AUTHOR_NAME: _dropped, ...rest } = sandbox.baseEnv;
    const inherited = {
      ...rest,
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'user.name',
      GIT_CONFIG_VALUE_0: authorName,
      GIT_CONFIG_KEY_1: 'core.commentChar',
      GIT_CONFIG_VALUE_1: ';',
    };
    const env = agentEnv(profile(), secret, server, inherited);
    assert.equal(env.GIT_CONFIG_COUNT, '4');
    const clone = await cloneCommitPush(env, server, repo);
    const author = await git(['log', '-1', '--format=%an'], env, clone);
    assert.equal(author.stdout.trim(), authorName);
    assertOnlySaw(server, 'ada-lovelace', secret);
  });

  it('serves gzip-compressed fetch requests (many refs)', async () => {
    const secret = 'ATATT3xFfGF0-gzip';
    const server = await serve('ada-lovelace', secret);
    const repo = await newRepository();
    const commands = Array.from(
      { length: 60 },
      (_, i) => `commit refs/heads/branch-${i}\ncommitter A <a@example.invalid> 1700000000 +0000\ndata ${String(i).length}\n${i}\n\n`,
    ).join('');
    const imported = await runGit(['--git-dir', repo.gitDir, 'fast-import', '--quiet'], {
      env: sandbox.baseEnv,
      input: commands,
      timeoutMs: gitTimeoutMs,
    });
    assertOk(imported, 'git fast-import');
    const clone = path.join(sandbox.work, 'many');
    assertOk(await git(['clone', '-q', `${server.url}/${repo.path}`, clone], agentEnv(profile(), secret, server), sandbox.work), 'git clone');
    const branches = await git(['branch', '-r'], sandbox.baseEnv, clone);
    assert.ok(branches.stdout.split('\n').filter((line) => line.includes('origin/branch-')).length === 60);
    assert.ok(
      server.requests.some((r) => r.authorized && r.contentEncoding === 'gzip'),
      'git sent at least one gzip-compressed request',
    );
  });
});
