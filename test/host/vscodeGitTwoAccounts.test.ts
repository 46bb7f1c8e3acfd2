// Two Cloud accounts on one git host (issue 25), in the real extension host with the real Git
// extension: VS Code's Git answers each workspace's repository with its own account, and an agent
// terminal of one account leaves the other's repositories to VS Code's Git, without its secret.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { DEMO_API_TOKEN, demoAccount, otherPersonAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { createBareRepository } from '../fakes/gitCommands';
import { startGitHttpServer, type GitHttpServer } from '../fakes/gitHttpServer';
import { waitUntil } from '../support/waitUntil';
import { PlainTerminal } from './plainTerminal';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };

const other = { ...otherPersonAccount(), workspaces: { 'someone-home': 'owner' as const } };
const workForm = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };
const homeForm = { credentialType: 'apiToken' as const, email: other.email, secret: other.secret, workspace: 'someone-home' };

describe("VS Code's Git with two accounts on one git host", function () {
  this.timeout(180_000);
  let fake: FakeBitbucket;
  let gitHost: GitHttpServer;
  let api: TestApi;
  let root: string;
  const terminals: PlainTerminal[] = [];
  const configuration = () => vscode.workspace.getConfiguration('nora.bitbucket');
  const tooltip = () => ((api.testing.statusBarItem.tooltip as vscode.MarkdownString | undefined)?.value ?? '').replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
  const workRepo = () => `${gitHost.url}/acme-eng/agent-repo.git`;
  const homeRepo = () => `${gitHost.url}/someone-home/notes.git`;
  /** The user names the server got for one workspace's repositories since the last look. */
  const usersSeenFor = (workspace: string) => [...new Set(gitHost.requests.filter((r) => r.url.startsWith(`/${workspace}/`)).map((r) => r.username ?? '(none)'))];
  const terminal = (env?: Record<string, string | null>) => {
    const made = new PlainTerminal(mkdtempSync(path.join(root, 'terminal-')), env);
    terminals.push(made);
    return made;
  };

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'nora-vscode-git-two-'));
    const served = path.join(root, 'served');
    await createBareRepository(served, 'acme-eng/agent-repo.git');
    await createBareRepository(served, 'someone-home/notes.git');
    fake = await startFakeBitbucket({ accounts: [demoAccount(), other] });
    // Each account reaches its own workspace only, as on Bitbucket.
    gitHost = await startGitHttpServer({
      projectRoot: served,
      logins: [
        { username: 'nora-dev', password: DEMO_API_TOKEN, workspaces: ['acme-eng'] },
        { username: other.username ?? '', password: other.secret, workspaces: ['someone-home'] },
      ],
    });
    await configuration().update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    await configuration().update('gitBaseUrl', gitHost.url, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    for (const form of [homeForm, workForm]) {
      const outcome = await api.testing.connect(form);
      assert.ok(outcome.ok, JSON.stringify(outcome));
    }
    // Connect picks the newest for this window.
    assert.equal(api.testing.activeProfile()?.workspace, 'acme-eng');
  });
  beforeEach(() => {
    gitHost.requests.length = 0;
  });
  after(async () => {
    for (const made of terminals) made.terminal.dispose();
    await api?.testing.disconnect();
    await configuration().update('gitBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await configuration().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all([fake?.close(), gitHost?.close()]);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the tooltip says another connection answers for its own workspace when git sends the path', async () => {
    await waitUntil(() => tooltip().includes(`uses this connection for ${gitHost.url}, and another connection for repositories in its own workspace`) || undefined, 'the git row for a shared host');
  });

  it("an ordinary terminal with credential.useHttpPath: each workspace's repository signs in as its own account", async () => {
    const plain = terminal();
    for (const [url, workspace, user] of [[workRepo(), 'acme-eng', 'nora-dev'], [homeRepo(), 'someone-home', 'someone-else']] as const) {
      const listed = await plain.run(`git -c credential.useHttpPath=true ls-remote ${url}`);
      assert.equal(listed.code, 0, listed.output);
      assert.match(listed.output, /refs\/heads\/main/);
      assert.deepEqual(usersSeenFor(workspace), ['(none)', user]);
    }
  });

  it("without the path (git's default), the window's connection answers: the other workspace's repository is refused", async () => {
    const plain = terminal();
    const listed = await plain.run(`git ls-remote ${homeRepo()}`);
    assert.notEqual(listed.code, 0, listed.output);
    assert.deepEqual(usersSeenFor('someone-home'), ['(none)', 'nora-dev']);
  });

  it("an agent terminal of the work account (this window's): its own workspace through its helper, the other's through VS Code's Git, whose secret it never holds", async () => {
    const work = await api.testing.agentEnvironment(connectionIdOf('acme-eng'));
    assert.ok(work.ok, JSON.stringify(work));
    const env: Record<string, string | null> = { ...work.env };
    for (const name of work.unset) env[name] = null;
    assert.equal(env.NORA_GIT_OTHER_WORKSPACES, 'someone-home');
    assert.equal(JSON.stringify(env).includes(other.secret), false);
    const agent = terminal(env);

    const own = await agent.run(`git ls-remote ${workRepo()}`);
    assert.equal(own.code, 0, own.output);
    assert.deepEqual(usersSeenFor('acme-eng'), ['(none)', 'nora-dev']);
    const others = await agent.run(`git ls-remote ${homeRepo()}`);
    assert.equal(others.code, 0, others.output);
    assert.deepEqual(usersSeenFor('someone-home'), ['(none)', 'someone-else']);

    const printed = await agent.run('env');
    assert.match(printed.output, /^GIT_ASKPASS=/m, "the terminal does not have VS Code's askpass");
    assert.ok(printed.output.includes(DEMO_API_TOKEN), "the work account's token is in its own agent terminal");
    assert.ok(!printed.output.includes(other.secret), "the other account's token is in the work account's agent terminal");
  });

  it("a connection whose secret is missing here gets no answer for its workspace, not the other account's", async () => {
    const home = connectionIdOf('someone-home');
    await api.testing.storage.secrets.delete(`nora.bitbucket.secret.${home}`);
    const plain = terminal();
    const listed = await plain.run(`GIT_TERMINAL_PROMPT=0 git -c credential.useHttpPath=true ls-remote ${homeRepo()}`, async () => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));
    assert.notEqual(listed.code, 0, listed.output);
    assert.deepEqual(usersSeenFor('someone-home').filter((user) => user !== '(none)' && user !== ''), []);
  });

  function connectionIdOf(workspace: string): string {
    const found = api.testing.storage.globalState.get<{ connections: { credentialId: string; workspace?: string }[] }>('nora.bitbucket.connections');
    const id = found?.connections.find((profile) => profile.workspace === workspace)?.credentialId;
    assert.ok(id, `no connection for ${workspace}`);
    return id;
  }
});
