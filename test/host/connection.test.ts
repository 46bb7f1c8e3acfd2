import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { keepGitExtensionOut, withFolderRepository } from './folderRepository';
import { hostileWorkspaceSettings } from './workspaceFixture';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { waitUntil } from '../support/waitUntil';
import { heldConnection, sessionWith, storedActive } from './heldConnection';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };

describe('Nora: Bitbucket in the extension host', function () {
  this.timeout(60_000);
  let fake: FakeBitbucket;
  let api: TestApi;
  let restoreGitSettings: (() => Promise<void>) | undefined;

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    // Machine scope: only the user (here: remote machine) settings count.
    await vscode.workspace.getConfiguration('nora.bitbucket').update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    restoreGitSettings = await keepGitExtensionOut();
  });
  after(async () => {
    await restoreGitSettings?.();
    await api?.testing.disconnect();
    await vscode.workspace.getConfiguration('nora.bitbucket').update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
  });

  /** The token as kept in SecretStorage (with the id of the profile it belongs to). */
  async function storedToken(): Promise<string | undefined> {
    const raw = (await storedActive(api)).secret;
    return raw === undefined ? undefined : (JSON.parse(raw) as { secret: string }).secret;
  }

  it('registers every command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['connect', 'test', 'disconnect', 'showLog', 'newAgentTerminal']) {
      assert.ok(commands.includes(`nora.bitbucket.${id}`), `nora.bitbucket.${id} is missing`);
    }
  });

  it('made no network call at activation and is not connected yet', () => {
    assert.equal(fake.requests.length, 0);
    assert.equal(api.isConnected(), false);
  });

  it('ignores a workspace folder that tries to redirect the credentials', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests need a workspace folder');
    const shipped: unknown = JSON.parse(readFileSync(path.join(folder.uri.fsPath, '.vscode', 'settings.json'), 'utf8'));
    assert.deepEqual(shipped, hostileWorkspaceSettings, 'the hostile fixture is not in place');
    const configuration = vscode.workspace.getConfiguration('nora.bitbucket', folder.uri);
    assert.equal(configuration.get('apiBaseUrl'), fake.apiBaseUrl);
    assert.equal(configuration.get('gitBaseUrl'), 'https://bitbucket.org');
  });

  it('connects through the form code path and keeps the secret only in SecretStorage', async () => {
    const changed = new Promise((resolve) => api.onDidChangeConnection(resolve));
    const outcome = await api.testing.connect({ ...form, email: ' dev@example.com ' });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.equal(await storedToken(), DEMO_API_TOKEN);
    assert.deepEqual(await changed, { connected: true }, 'the event tells every extension only whether Bitbucket is connected');
    assert.equal(api.isConnected(), true);
    assert.equal(await api.getConnection(undefined as unknown as vscode.AuthenticationSession), undefined, 'details without a session');
    assert.equal(await api.getConnection({ ...sessionWith(api, DEMO_API_TOKEN), accessToken: 'guess' }), undefined, 'details for a guessed token');
    const connection = await heldConnection(api, DEMO_API_TOKEN);
    assert.equal(connection?.displayName, 'Nora Developer');
    assert.equal(connection?.username, 'nora-dev');
    assert.ok(connection && !('credentialId' in connection), 'the public connection carries internal fields');
    const { globalState } = api.testing.storage;
    const everythingInState = JSON.stringify(globalState.keys().map((key) => globalState.get(key)));
    assert.ok(!everythingInState.includes(DEMO_API_TOKEN), 'the token is in globalState');
    const settings = JSON.stringify(vscode.workspace.getConfiguration('nora.bitbucket'));
    assert.ok(!settings.includes(DEMO_API_TOKEN), 'the token is in the settings');
    assert.ok(fake.requests.every((request) => request.userAgent?.startsWith('nora-bitbucket-vscode/')));
  });

  it('tests the stored connection from the command', async () => {
    fake.requests.length = 0;
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>('nora.bitbucket.test');
    assert.equal(outcome.ok, true);
    assert.deepEqual(
      fake.requests.map((request) => request.path),
      ['/2.0/user', '/2.0/user/workspaces/acme-eng/permission'],
    );
  });

  it('a wrong token fails and leaves the connection as it was', async () => {
    const outcome = await api.testing.connect({ ...form, secret: 'wrong-token' });
    assert.ok(!outcome.ok && outcome.failure.kind === 'bitbucket' && outcome.failure.error.kind === 'unauthorized');
    assert.equal(await storedToken(), DEMO_API_TOKEN);
    assert.equal((await heldConnection(api, DEMO_API_TOKEN))?.displayName, 'Nora Developer');
  });

  it('gives agent terminals and the API the documented environment', async () => {
    const result = await api.testing.agentEnvironment();
    assert.ok(result.ok);
    const { env } = result;
    assert.equal(env.BITBUCKET_USERNAME, 'nora-dev');
    assert.equal(env.BITBUCKET_APP_PASSWORD, DEMO_API_TOKEN);
    assert.equal(env.BITBUCKET_API_TOKEN, DEMO_API_TOKEN);
    assert.equal(env.BITBUCKET_EMAIL, 'dev@example.com');
    assert.equal(env.BITBUCKET_WORKSPACE, 'acme-eng');
    assert.equal(env.BITBUCKET_API_URL, fake.apiBaseUrl);
    assert.ok(Number(env.GIT_CONFIG_COUNT) >= 2);

    const opened = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidOpenTerminal(resolve));
    await vscode.commands.executeCommand('nora.bitbucket.newAgentTerminal');
    const terminal = await opened;
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(options.env?.BITBUCKET_USERNAME, 'nora-dev');
    assert.equal(options.env?.BITBUCKET_WORKSPACE, 'acme-eng');
    assert.equal(options.shellPath, undefined, 'the default shell must be used');
    assert.equal(options.isTransient, true);
    terminal.dispose();
  });

  it("names the account on an agent terminal's first line, and says next that the folder's remote is in another workspace", () =>
    withFolderRepository('git@bitbucket.org:acme-ops/agent-repo.git', async () => {
      const opened = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidOpenTerminal(resolve));
      await vscode.commands.executeCommand('nora.bitbucket.newAgentTerminal');
      const terminal = await opened;
      const options = terminal.creationOptions as vscode.TerminalOptions;
      assert.equal(
        options.message,
        "Nora: Bitbucket as Nora Developer: API token (dev@example.com) on bitbucket.org.\r\nThe open folder's git remote is in workspace acme-ops, but agents use workspace acme-eng.",
      );
      assert.equal(options.env?.BITBUCKET_WORKSPACE, 'acme-eng');
      terminal.dispose();
    }));

  it('reads the remote with a git found outside the folder, never a git the folder holds', () =>
    // The Git extension stays out of the repository (withFolderRepository checks it), so the lookup
    // runs `git config` in the folder.
    withFolderRepository('git@bitbucket.org:acme-ops/agent-repo.git', async (folder) => {
      const planted = path.join(folder, 'git');
      const ran = path.join(folder, 'planted-git-ran');
      // It writes down how it was called: the agent terminal's own shell may run git too (with "."
      // on PATH, a git found there is the shell's business); the remote lookup asks `git config`.
      writeFileSync(planted, `#!/bin/sh\necho "$*" >> '${ran}'\necho 'remote.origin.url git@bitbucket.org:planted/x.git'\n`, { mode: 0o755 });
      const pathBefore = process.env.PATH;
      try {
        // "." first on PATH: a git run by name from the folder would be the planted one.
        process.env.PATH = `.${path.delimiter}${pathBefore ?? ''}`;
        const opened = new Promise<vscode.Terminal>((resolve) => vscode.window.onDidOpenTerminal(resolve));
        await vscode.commands.executeCommand('nora.bitbucket.newAgentTerminal');
        const terminal = await opened;
        terminal.dispose();
        const calls = existsSync(ran) ? readFileSync(ran, 'utf8').split('\n').filter(Boolean) : [];
        assert.deepEqual(calls.filter((call) => call.startsWith('config')), [], 'the remote lookup ran the git in the folder');
        assert.match((terminal.creationOptions as vscode.TerminalOptions).message ?? '', /workspace acme-ops/);
      } finally {
        process.env.PATH = pathBefore;
        for (const file of [planted, ran]) rmSync(file, { force: true });
      }
    }));

  it('disconnects: the secret and the profile are gone, and no agent terminal opens', async () => {
    await api.testing.disconnect();
    assert.equal(await storedToken(), undefined);
    await waitUntil(() => (api.isConnected() ? undefined : true), 'the profile to go');
    assert.equal((await api.testing.agentEnvironment()).ok, false);
    const before = vscode.window.terminals.length;
    await vscode.commands.executeCommand('nora.bitbucket.newAgentTerminal');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(vscode.window.terminals.length, before);
  });
});
