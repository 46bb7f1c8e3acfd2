import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/extension';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';
import { startFakeMcpServer, type FakeMcpServer } from '../fakes/fakeMcpServer';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
const email = 'dev@example.com';
const form = { credentialType: 'apiToken' as const, email, secret: DEMO_API_TOKEN, workspace: '' };
const serverId = 'nora.nora-bitbucket/Bitbucket (Nora)';

describe('MCP probe', function () {
  this.timeout(60_000);
  let fake: FakeBitbucket;
  let mcp: FakeMcpServer;
  let api: TestApi;
  const config = () => vscode.workspace.getConfiguration('nora.bitbucket');

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    mcp = await startFakeMcpServer([{ email, token: DEMO_API_TOKEN, apiTokenAccessAllowed: true }]);
    await config().update('apiBaseUrl', fake.apiBaseUrl, vscode.ConfigurationTarget.Global);
    await config().update('mcpUrl', mcp.url, vscode.ConfigurationTarget.Global);
    api = (await vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket')!.activate());
  });
  after(async () => {
    await api?.testing.disconnect();
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('mcpUrl', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
    await mcp?.close();
  });

  it('probes', async () => {
    const outcome = await api.testing.connect(form);
    assert.ok(outcome.ok);
    await new Promise((r) => setTimeout(r, 2000));
    const commands = await vscode.commands.getCommands(true);
    console.log('HAS start', commands.includes('workbench.mcp.startServer'), commands.filter((c) => c.includes('mcp')).join(','));
    try {
      const r = await vscode.commands.executeCommand('workbench.mcp.startServer', serverId, { waitForLiveTools: true });
      console.log('start result', JSON.stringify(r));
    } catch (e) {
      console.log('start error', String(e));
    }
    await new Promise((r) => setTimeout(r, 3000));
    console.log('REQUESTS', JSON.stringify(mcp.requests));
    console.log('TOOLS', JSON.stringify(vscode.lm.tools.map((t) => t.name)));
    console.log('DEFS', JSON.stringify((vscode.lm as any).mcpServerDefinitions));
  });
});
