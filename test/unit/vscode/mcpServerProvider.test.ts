// The MCP offer with several connections (issue 25), with the fake `vscode`: one server definition
// per API-token connection, each labelled with its account and started with its own token.
import assert from 'node:assert/strict';
import type { ConnectionStatusBar } from '../../../src/connection/statusBar.vscode';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { activeProfile, readStoredCredentials } from '../../../src/connection/storedConnection';
import { BitbucketMcpServerProvider } from '../../../src/mcp/mcpServerProvider.vscode';
import { memoryLog, resetFakeVsCode } from '../../support/fakeVsCode';
import { memoryStores } from '../../support/memoryStores';
import { dataCenterProfile, testProfile } from '../../support/profiles';

const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const adaLabel = 'Bitbucket (Nora): ada@example.com';
const devLabel = 'Bitbucket (Nora): dev@example.com';

function setUp() {
  const fake = resetFakeVsCode();
  const stores = memoryStores();
  const log = memoryLog();
  const rows: [string, string | undefined][] = [];
  const statusBar = { showRow: (label: string, value: string | undefined) => void rows.push([label, value]) } as unknown as ConnectionStatusBar;
  const provider = new BitbucketMcpServerProvider({
    activeProfile: () => activeProfile(stores.connections),
    listConnections: () => stores.connections.list(),
    readCredentials: (credentialId) => readStoredCredentials(stores.connections, stores.secrets, credentialId),
    log: log as never,
    statusBar,
    extensionId: 'nora.nora-bitbucket',
  });
  const connect = async (profiles: ConnectionProfile[], secrets: Record<string, string>) => {
    await stores.connections.write(profiles);
    stores.secrets.byId.clear();
    for (const [credentialId, secret] of Object.entries(secrets)) await stores.secrets.store({ credentialId, secret });
  };
  return { fake, stores, log, rows, provider, connect };
}

const ada = testProfile({ credentialId: 'credential-ada' });
const dev = testProfile({ credentialId: 'credential-dev', email: 'dev@example.com', username: 'nora-dev', displayName: 'Nora Developer', workspace: 'acme-eng' });
const bot = testProfile({ credentialId: 'credential-bot', credentialType: 'accessToken', accessTokenScope: 'workspace', workspace: 'acme-eng', displayName: 'acme-eng' });
const dataCenter = { ...dataCenterProfile, credentialId: 'credential-dc' };

describe('MCP server definitions, one per API-token connection (fake vscode)', () => {
  it('two API-token connections give two definitions with distinct labels, each started with its own token', async () => {
    const { provider, connect, fake } = setUp();
    await connect([ada, bot, dataCenter, dev], { 'credential-ada': 'ada-token', 'credential-dev': 'dev-token', 'credential-bot': 'bot-token', 'credential-dc': 'dc-token' });
    const definitions = provider.provideMcpServerDefinitions();
    assert.deepEqual(
      definitions.map((definition) => [definition.label, definition.uri.toString(), definition.version]),
      [
        [adaLabel, 'https://mcp.atlassian.com/v1/mcp', 'credential-ada'],
        [devLabel, 'https://mcp.atlassian.com/v1/mcp', 'credential-dev'],
      ],
    );
    const [adaServer, devServer] = await Promise.all(definitions.map((definition) => provider.resolveMcpServerDefinition(definition)));
    assert.equal(adaServer?.headers['Authorization'], basic('ada@example.com', 'ada-token'));
    assert.equal(devServer?.headers['Authorization'], basic('dev@example.com', 'dev-token'));
    assert.equal(provider.serverIdOf(devLabel), 'nora.nora-bitbucket/Bitbucket (Nora): dev@example.com');
    assert.deepEqual(fake.commands, []);
  });

  it("the label stays across Replace Token, and the same definition then starts with the account's new token", async () => {
    const { provider, connect } = setUp();
    await connect([ada, dev], { 'credential-ada': 'ada-token', 'credential-dev': 'dev-token' });
    const [before] = provider.provideMcpServerDefinitions();
    const replaced = { ...ada, credentialId: 'credential-ada-2' };
    await connect([replaced, dev], { 'credential-ada-2': 'ada-new-token', 'credential-dev': 'dev-token' });
    const [after] = provider.provideMcpServerDefinitions();
    assert.deepEqual([after.label, after.version], [adaLabel, 'credential-ada-2']);
    assert.equal((await provider.resolveMcpServerDefinition(before))?.headers['Authorization'], basic('ada@example.com', 'ada-new-token'));
  });

  it('a removed connection loses its definition; one that is gone or broken resolves to nothing, with a log line, never with another secret', async () => {
    const { provider, connect, log, fake, rows } = setUp();
    await connect([ada, dev], { 'credential-ada': 'ada-token', 'credential-dev': 'dev-token' });
    provider.update();
    assert.deepEqual(rows.at(-1), ['MCP server', "Offered to VS Code's agents for ada@example.com, dev@example.com (mcp.atlassian.com)"]);
    const [adaDefinition, devDefinition] = provider.provideMcpServerDefinitions();

    await connect([dev], { 'credential-dev': 'dev-token' });
    provider.update();
    assert.deepEqual(provider.provideMcpServerDefinitions().map((definition) => definition.label), [devLabel]);
    assert.deepEqual(fake.commands, [{ command: 'workbench.mcp.stopServer', args: ['nora.nora-bitbucket/Bitbucket (Nora): ada@example.com'] }]);
    assert.equal(await provider.resolveMcpServerDefinition(adaDefinition), undefined);
    assert.match(log.lines.at(-1) ?? '', /^warn MCP: not starting Bitbucket \(Nora\): ada@example\.com: no Bitbucket connection offers it now/);
    assert.deepEqual(rows.at(-1), ['MCP server', "Offered to VS Code's agents (mcp.atlassian.com)"]);

    // Its secret is missing here (another window, or the keyring): nothing, not another account's.
    await connect([ada, dev], { 'credential-ada': 'ada-token' });
    assert.equal(await provider.resolveMcpServerDefinition(devDefinition), undefined);
    assert.match(log.lines.at(-1) ?? '', /^warn MCP: not starting Bitbucket \(Nora\): dev@example\.com: /);
    assert.equal(devDefinition.headers['Authorization'], undefined);
  });

  it('an API host other than Bitbucket’s own is part of the label, so two accounts of one email stay apart', async () => {
    const { provider, connect } = setUp();
    const staging = { ...ada, credentialId: 'credential-staging', apiOrigin: 'https://api.staging.example' };
    await connect([ada, staging], { 'credential-ada': 'a', 'credential-staging': 'b' });
    assert.deepEqual(
      provider.provideMcpServerDefinitions().map((definition) => definition.label),
      [adaLabel, 'Bitbucket (Nora): ada@example.com (api.staging.example)'],
    );
  });
});
