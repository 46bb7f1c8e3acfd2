// VS Code's own Git signs in with the stored connection: the real built-in Git extension
// (vscode.git), its askpass and our credentials provider, against the loopback git server.
// Nothing here is an agent terminal: git runs in an ordinary integrated terminal and through
// the Git extension's own commands.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { createBareRepository, serverGitEnv } from '../fakes/gitCommands';
import { startGitHttpServer, type GitHttpServer } from '../fakes/gitHttpServer';
import { waitUntil } from '../support/waitUntil';
import { PlainTerminal } from './plainTerminal';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
interface GitRepository {
  readonly state: { readonly remotes: readonly unknown[]; readonly HEAD?: { readonly upstream?: unknown; readonly ahead?: number } };
  status(): Promise<void>;
}
interface GitApi {
  registerCredentialsProvider(provider: { getCredentials(host: vscode.Uri): Promise<{ username: string; password: string } | undefined> }): vscode.Disposable;
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };
const repoPath = '/acme-eng/agent-repo.git';
const committer = ['-c', 'user.name=Nora-Test', '-c', 'user.email=plain@example.invalid'];

describe("VS Code's Git signs in with the Bitbucket connection (vscode.git credentials provider)", function () {
  this.timeout(180_000);
  let fake: FakeBitbucket;
  let gitHost: GitHttpServer;
  let otherHost: GitHttpServer;
  let api: TestApi;
  let gitApi: GitApi;
  let plain: PlainTerminal;
  let root: string;
  /** What the test's own provider, registered after ours, was asked: only when ours gave no answer. */
  const askedAfterUs: string[] = [];
  let lastAnswerAt = 0;
  const configuration = () => vscode.workspace.getConfiguration('nora.bitbucket');
  /** The tooltip's text, without the escapes `appendText` adds before markdown characters. */
  const tooltip = () => ((api.testing.statusBarItem.tooltip as vscode.MarkdownString | undefined)?.value ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  const gitRow = () => `uses this connection for ${gitHost.url}`;

  /** A provider that answers every host with a wrong password, asked only when ours does not answer. */
  function providerAfterUs(): vscode.Disposable {
    return gitApi.registerCredentialsProvider({
      getCredentials: (host) => {
        askedAfterUs.push(`${host.scheme}://${host.authority}`);
        return Promise.resolve({ username: 'asked-after-nora', password: 'not-the-token' });
      },
    });
  }
  /** The Git extension's commands show a failure in a modal and wait for it: name the step that never ended. */
  async function command(id: string, ...args: unknown[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${id} did not end (a modal error?)`)), 30_000)));
    try {
      await Promise.race([vscode.commands.executeCommand(id, ...args), stuck]);
    } finally {
      clearTimeout(timer);
    }
  }
  const tokenSeenBy = (server: GitHttpServer) => server.seen.filter((seen) => seen.password === DEMO_API_TOKEN);

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'nora-vscode-git-'));
    await createBareRepository(path.join(root, 'served'), repoPath.slice(1));
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    gitHost = await startGitHttpServer({ projectRoot: path.join(root, 'served'), username: 'nora-dev', password: DEMO_API_TOKEN });
    otherHost = await startGitHttpServer({ projectRoot: path.join(root, 'served'), username: 'nora-dev', password: DEMO_API_TOKEN });
    await configuration().update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    await configuration().update('gitBaseUrl', gitHost.url, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    const outcome = await api.testing.connect(form);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const git = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
    assert.ok(git, 'the built-in Git extension is missing');
    gitApi = (await git.activate()).getAPI(1);
    plain = new PlainTerminal(mkdtempSync(path.join(root, 'terminal-')));
  });
  after(async () => {
    plain?.terminal.dispose();
    await api?.testing.disconnect();
    await configuration().update('gitAuthentication', undefined, vscode.ConfigurationTarget.Global);
    await configuration().update('gitBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await configuration().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([fake?.close(), gitHost?.close(), otherHost?.close()]);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('says in the status bar tooltip that VS Code\'s Git uses the connection for the pinned host', async () => {
    await waitUntil(() => tooltip().includes(gitRow()) || undefined, 'the git row in the tooltip');
  });

  it('an ordinary terminal runs git ls-remote and git push without a prompt, and holds no secret', async () => {
    const url = `${gitHost.url}${repoPath}`;
    const listed = await plain.run(`git ls-remote ${url}`);
    assert.equal(listed.code, 0, listed.output);
    assert.match(listed.output, /refs\/heads\/main/);
    const pushed = await plain.run(`git clone -q ${url} clone && cd clone && git ${committer.join(' ')} commit -q --allow-empty -m 'from an ordinary terminal' && git push -q origin HEAD:main`);
    assert.equal(pushed.code, 0, pushed.output);
    lastAnswerAt = Date.now();
    assert.ok(tokenSeenBy(gitHost).length > 0, 'the git host never got the token');
    assert.ok(gitHost.seen.every((seen) => seen.username === 'nora-dev' && seen.password === DEMO_API_TOKEN), JSON.stringify(gitHost.seen.map((seen) => seen.username)));
    assert.deepEqual(askedAfterUs, []);
    const subject = execFileSync('git', ['--git-dir', path.join(root, 'served', repoPath), 'log', '-1', '--format=%s', 'main'], { env: serverGitEnv() });
    assert.equal(subject.toString().trim(), 'from an ordinary terminal');

    const env = await plain.run('env');
    assert.equal(env.code, 0);
    assert.match(env.output, /^GIT_ASKPASS=/m, "the terminal does not have VS Code's askpass");
    assert.doesNotMatch(env.output, /^BITBUCKET_/m);
    assert.ok(!env.output.includes(DEMO_API_TOKEN), "the token is in the terminal's environment");
    const options = plain.terminal.creationOptions as vscode.TerminalOptions;
    assert.ok(!JSON.stringify(options).includes(DEMO_API_TOKEN), "the token is in the terminal's options");
  });

  it('git.clone, git.push and git.pull as VS Code commands sign in the same way', async () => {
    const parent = mkdtempSync(path.join(root, 'scm-'));
    const before = tokenSeenBy(gitHost).length;
    await command('git.clone', `${gitHost.url}${repoPath}`, parent, { postCloneAction: 'none' });
    const clone = path.join(parent, 'agent-repo');
    assert.ok(existsSync(path.join(clone, '.git')), 'git.clone cloned nothing');
    const repository = vscode.Uri.file(clone);
    const opened = await gitApi.openRepository(repository);
    assert.ok(opened, 'the Git extension did not open the clone');

    execFileSync('git', [...committer, 'commit', '-q', '--allow-empty', '-m', 'from Source Control'], { cwd: clone });
    // As the Source Control view would show it: one commit to push, to the clone's upstream.
    await waitUntil(async () => {
      await opened.status();
      return (opened.state.remotes.length > 0 && opened.state.HEAD?.upstream && opened.state.HEAD.ahead === 1) || undefined;
    }, 'the Git extension to see the commit and its upstream');
    await command('git.push', repository);
    const served = (ref: string) => execFileSync('git', ['--git-dir', path.join(root, 'served', repoPath), 'log', '-1', '--format=%s', ref], { env: serverGitEnv() }).toString().trim();
    assert.equal(served('main'), 'from Source Control', 'git.push did not push');

    // Someone else pushes; git.pull brings it in.
    const other = await plain.run(`git clone -q ${gitHost.url}${repoPath} other && cd other && git ${committer.join(' ')} commit -q --allow-empty -m 'from elsewhere' && git push -q origin HEAD:main`);
    assert.equal(other.code, 0, other.output);
    await command('git.pull', repository);
    assert.equal(execFileSync('git', ['log', '-1', '--format=%s'], { cwd: clone }).toString().trim(), 'from elsewhere', 'git.pull did not pull');
    lastAnswerAt = Date.now();
    assert.ok(tokenSeenBy(gitHost).length > before, 'the commands never sent the token');
    assert.deepEqual(askedAfterUs, []);
  });

  it('another host gets no answer', async () => {
    const after = providerAfterUs();
    try {
      const listed = await plain.run(`git ls-remote ${otherHost.url}${repoPath}`);
      assert.notEqual(listed.code, 0, listed.output);
      assert.deepEqual(askedAfterUs, [otherHost.url]);
      assert.deepEqual(tokenSeenBy(otherHost), []);
    } finally {
      after.dispose();
      askedAfterUs.length = 0;
    }
  });

  it('a remote URL with a user name gets a password prompt, which the test cancels: VS Code asks no provider for it', async () => {
    const after = providerAfterUs();
    const seenBefore = tokenSeenBy(gitHost).length;
    let cancels = 0;
    try {
      const withName = gitHost.url.replace('http://', 'http://nora-dev@');
      const started = Date.now();
      // Still running after 2 s (an answered ls-remote takes a fraction of that): the prompt holds it.
      const cancel = async () => {
        if (Date.now() - started < 2000) return;
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        cancels++;
      };
      const listed = await plain.run(`git ls-remote ${withName}${repoPath}`, cancel);
      assert.notEqual(listed.code, 0, listed.output);
      assert.ok(cancels > 0, 'git ended without waiting for a prompt');
      assert.deepEqual(askedAfterUs, [], 'a provider was asked');
      assert.equal(tokenSeenBy(gitHost).length, seenBefore);
    } finally {
      after.dispose();
      askedAfterUs.length = 0;
    }
  });

  it('with the setting off, nothing is registered; on again, it answers', async () => {
    await configuration().update('gitAuthentication', false, vscode.ConfigurationTarget.Global);
    await waitUntil(() => !tooltip().includes(gitRow()) || undefined, 'the git row to leave the tooltip');
    const after = providerAfterUs();
    const seenBefore = tokenSeenBy(gitHost).length;
    try {
      const listed = await plain.run(`git ls-remote ${gitHost.url}${repoPath}`);
      assert.notEqual(listed.code, 0, listed.output);
      assert.deepEqual(askedAfterUs, [gitHost.url]);
      assert.equal(tokenSeenBy(gitHost).length, seenBefore);
    } finally {
      after.dispose();
      askedAfterUs.length = 0;
    }
    await configuration().update('gitAuthentication', true, vscode.ConfigurationTarget.Global);
    await waitUntil(() => tooltip().includes(gitRow()) || undefined, 'the git row back in the tooltip');
    const listed = await plain.run(`git ls-remote ${gitHost.url}${repoPath}`);
    assert.equal(listed.code, 0, listed.output);
    lastAnswerAt = Date.now();
  });

  it('after Disconnect the very next git call gets no answer, well within the 60 s the Git extension keeps one', async () => {
    await api.testing.disconnect();
    const after = providerAfterUs();
    const seenBefore = tokenSeenBy(gitHost).length;
    try {
      const listed = await plain.run(`git ls-remote ${gitHost.url}${repoPath}`);
      const secondsSinceAnswer = (Date.now() - lastAnswerAt) / 1000;
      assert.ok(secondsSinceAnswer < 60, `too slow to say anything about the cache: ${secondsSinceAnswer} s`);
      assert.notEqual(listed.code, 0, listed.output);
      assert.deepEqual(askedAfterUs, [gitHost.url]);
      assert.equal(tokenSeenBy(gitHost).length, seenBefore, 'the token was sent after Disconnect');
    } finally {
      after.dispose();
      askedAfterUs.length = 0;
    }
  });
});
