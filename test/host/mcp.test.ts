import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import type { McpStartOutcome } from '../../src/mcp/startMcpServer.vscode';
import { DEMO_API_TOKEN, demoAccount, otherPersonAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/fakeMcpServer';
import { hostileWorkspaceSettings } from './workspaceFixture';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
const email = 'dev@example.com';
const secondToken = 'second-api-token-not-a-real-secret';
const form = { credentialType: 'apiToken' as const, email, secret: DEMO_API_TOKEN, workspace: '' };
const basic = (token: string, user = email) => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
const otherEmail = 'other@example.com';
const otherToken = 'other-account-token';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check`; `retry`, when given, runs once a second meanwhile (VS Code learns of a changed definition asynchronously). */
async function waitUntil(check: () => boolean, what: string, retry?: () => Thenable<unknown>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; !check(); round++) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    if (retry && round % 10 === 0) await retry();
    await sleep(100);
  }
}

describe("VS Code's MCP client gets Bitbucket from the stored token", function () {
  this.timeout(60_000);
  let fake: FakeBitbucket;
  let mcp: FakeMcpServer;
  let api: TestApi;
  /**
   * VS Code names an extension's server `<extension id>/<label>`; each API-token connection has
   * its own, labelled with its account and, as the fake is not Bitbucket's own API, its host.
   */
  const serverIdOf = (account: string) => `nora.nora-bitbucket/Bitbucket (Nora): ${account} (${new URL(fake.apiBaseUrl).host})`;
  const serverId = () => serverIdOf(email);
  const config = () => vscode.workspace.getConfiguration('nora.bitbucket');
  /** The fake's tools as VS Code offers them to agents (`mcp_<server>_<tool>`). */
  const fakeTools = () => vscode.lm.tools.filter((tool) => tool.name.startsWith('mcp_') && tool.name.endsWith('_listBitbucketRepositories'));
  /** Requests from VS Code's own MCP client, not from the Start command's check. */
  const fromVsCode = () => mcp.requests.filter((request) => !request.userAgent?.startsWith('nora-bitbucket-vscode/'));
  const startInVsCode = () => vscode.commands.executeCommand('workbench.mcp.startServer', serverId(), { waitForLiveTools: true });

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount(), { ...demoAccount(), secret: secondToken }, otherPersonAccount()] });
    mcp = await startFakeMcpServer([{ email, token: DEMO_API_TOKEN, apiTokenAccessAllowed: true }]);
    await config().update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    await config().update('mcpUrl', mcp.url, vscode.ConfigurationTarget.Global);
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    await api.testing.disconnect();
  });
  after(async () => {
    await api?.testing.disconnect();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('mcpUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
    await mcp?.close();
  });

  it('contributes the provider and the Start command', async () => {
    const manifest = vscode.extensions.getExtension('nora.nora-bitbucket')?.packageJSON as
      | { contributes: { mcpServerDefinitionProviders: { id: string }[] } }
      | undefined;
    assert.deepEqual(manifest?.contributes.mcpServerDefinitionProviders.map((provider) => provider.id), ['nora.bitbucket.mcp']);
    assert.ok((await vscode.commands.getCommands(true)).includes('nora.bitbucket.startMcpServer'));
  });

  it('offers nothing while disconnected: no server to start, no request', async () => {
    const outcome = await vscode.commands.executeCommand<McpStartOutcome>('nora.bitbucket.startMcpServer');
    assert.deepEqual(outcome, { ok: false, reason: 'notConnected' });
    await startInVsCode();
    await sleep(1000);
    assert.equal(mcp.requests.length, 0);
    assert.equal(fakeTools().length, 0);
  });

  it('ignores an mcpUrl from the workspace (machine scope)', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    assert.equal(hostileWorkspaceSettings['nora.bitbucket.mcpUrl'], 'http://127.0.0.1:9/not-mcp');
    assert.equal(vscode.workspace.getConfiguration('nora.bitbucket', folder.uri).get('mcpUrl'), mcp.url);
  });

  it('after Connect, VS Code starts the server with Basic base64(email:token) and its tools reach the agents', async () => {
    assert.ok((await api.testing.connect(form)).ok);
    await waitUntil(() => fromVsCode().some((request) => request.rpcMethod === 'initialize'), 'initialize from VS Code', startInVsCode);
    const initialize = fromVsCode().find((request) => request.rpcMethod === 'initialize');
    assert.equal(initialize?.authorization, basic(DEMO_API_TOKEN));
    await waitUntil(() => fakeTools().length === 1, 'the fake tools in vscode.lm.tools');
  });

  it('the Start command reports the tools it offers', async () => {
    const outcome = await vscode.commands.executeCommand<McpStartOutcome>('nora.bitbucket.startMcpServer');
    assert.deepEqual(outcome, { ok: true, toolNames: ['listBitbucketRepositories', 'getBitbucketPullRequest'] });
  });

  it('reports a 403 (API tokens not allowed), a 401 and an unreachable server in its own words', async () => {
    const account = mcp.accounts[0];
    account.apiTokenAccessAllowed = false;
    assert.deepEqual(await vscode.commands.executeCommand('nora.bitbucket.startMcpServer'), { ok: false, reason: 'forbidden' });
    account.apiTokenAccessAllowed = true;
    account.token = 'revoked';
    assert.deepEqual(await vscode.commands.executeCommand('nora.bitbucket.startMcpServer'), { ok: false, reason: 'unauthorized' });
    account.token = DEMO_API_TOKEN;
    // Connect pins the MCP server's host, so connect again while the setting names a closed port.
    await config().update('mcpUrl', 'http://127.0.0.1:9/v1/mcp', vscode.ConfigurationTarget.Global);
    try {
      assert.ok((await api.testing.connect(form)).ok);
      assert.deepEqual(await vscode.commands.executeCommand('nora.bitbucket.startMcpServer'), { ok: false, reason: 'unreachable' });
    } finally {
      await config().update('mcpUrl', mcp.url, vscode.ConfigurationTarget.Global);
      assert.ok((await api.testing.connect(form)).ok);
    }
  });

  it('after a reconnect with another token, the next request carries the new one', async () => {
    mcp.accounts.push({ email, token: secondToken, apiTokenAccessAllowed: true });
    const running = mcp.requests.length;
    await waitUntil(() => mcp.requests.slice(running).some((request) => request.rpcMethod === 'initialize'), 'the server to run', startInVsCode);
    const seen = mcp.requests.length;
    assert.ok((await api.testing.connect({ ...form, secret: secondToken })).ok);
    await waitUntil(() => fromVsCode().some((request) => request.authorization === basic(secondToken)), 'a request with the new token', startInVsCode).catch((e) => {
      throw new Error(`${e}: ${JSON.stringify(mcp.requests.slice(seen))}`);
    });
    const next = mcp.requests.slice(seen);
    const restart = next.findIndex((request) => request.rpcMethod === 'initialize');
    // Before the new session, only the old one's end (a DELETE, with the old token) may come.
    assert.ok(restart >= 0 && next.slice(0, restart).every((request) => request.httpMethod === 'DELETE'), JSON.stringify(next));
    assert.ok(next.slice(restart).every((request) => request.authorization === basic(secondToken)), JSON.stringify(next));
  });

  it("a second API-token connection has a server of its own, started with that account's token", async () => {
    mcp.accounts.push({ email: otherEmail, token: otherToken, apiTokenAccessAllowed: true });
    assert.ok((await api.testing.connect({ ...form, email: otherEmail, secret: otherToken })).ok);
    const seen = mcp.requests.length;
    const startOther = () => vscode.commands.executeCommand('workbench.mcp.startServer', serverIdOf(otherEmail), { waitForLiveTools: true });
    const sinceSeen = () => mcp.requests.slice(seen).filter((request) => !request.userAgent?.startsWith('nora-bitbucket-vscode/'));
    await waitUntil(() => sinceSeen().some((request) => request.rpcMethod === 'initialize' && request.authorization === basic(otherToken, otherEmail)), "the other account's server", startOther);
    assert.deepEqual([...new Set(sinceSeen().map((request) => request.authorization))], [basic(otherToken, otherEmail)]);
    await waitUntil(() => fakeTools().length === 2, "both servers' tools in vscode.lm.tools");
    // The first account's server, restarted now, still starts with its own token.
    const restarted = mcp.requests.length;
    await vscode.commands.executeCommand('workbench.mcp.restartServer', serverId(), { waitForLiveTools: true });
    const sinceRestart = () => mcp.requests.slice(restarted).filter((request) => !request.userAgent?.startsWith('nora-bitbucket-vscode/'));
    await waitUntil(() => sinceRestart().some((request) => request.rpcMethod === 'initialize'), 'the first server to restart');
    assert.deepEqual([...new Set(sinceRestart().map((request) => request.authorization))], [basic(secondToken)]);
  });

  it('after Disconnect, the server is gone and no further request arrives', async () => {
    await api.testing.disconnect();
    await waitUntil(() => fakeTools().length === 0, 'the fake tools to leave vscode.lm.tools');
    const seen = mcp.requests.length;
    await startInVsCode();
    await sleep(2000);
    assert.deepEqual(mcp.requests.slice(seen).map((request) => request.rpcMethod ?? request.httpMethod), []);
  });
});
