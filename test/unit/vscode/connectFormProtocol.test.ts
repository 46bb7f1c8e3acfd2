import assert from 'node:assert/strict';
import { testProfile } from '../../support/profiles';
import type * as vscode from 'vscode';
import { defaultApiBaseUrl, defaultGitBaseUrl, defaultMcpUrl } from '../../../src/connection/baseUrl';
import { hostsNotice, missingScopesNotice } from '../../../src/connection/formNotices';
import type { UserMessage } from '../../../src/userMessage';
import { panelMessageSchema, type PanelMessage } from '../../../src/form/messages';
import { fillPlaceholders } from '../../../src/userMessage';
import { ConnectFormProtocol } from '../../../src/form/connectFormProtocol';
import { ConnectionController } from '../../../src/connection/connectionController.vscode';
import { ConnectionStatusBar } from '../../../src/connection/statusBar.vscode';
import { apiTokenForm, serviceWithBitbucket } from '../../support/connectedService';
import { memoryLog, resetFakeVsCode } from '../../support/fakeVsCode';
import { memoryStores } from '../../support/memoryStores';

const unreadable = new Error('SecretStorage is locked');

const defaultHosts = () => hostsNotice({ apiBaseUrl: defaultApiBaseUrl, gitBaseUrl: defaultGitBaseUrl }, defaultMcpUrl);

function protocolWith(stores = memoryStores(), suggestWorkspace: () => Promise<string | undefined> = async () => undefined, hosts: () => UserMessage | undefined = defaultHosts) {
  resetFakeVsCode();
  const { service } = serviceWithBitbucket(stores);
  const log = memoryLog();
  const controller = new ConnectionController(service, new ConnectionStatusBar(() => new Date(), () => service.status(), undefined), log as unknown as vscode.LogOutputChannel, () => undefined, async () => false);
  const posted: PanelMessage[] = [];
  /** What the form was told, in order: each message's type, and `focus` when the panel took the focus. */
  const events: string[] = [];
  const protocol = new ConnectFormProtocol({
    service,
    controller,
    log,
    t: fillPlaceholders,
    post: (message) => (posted.push(panelMessageSchema.parse(message)), events.push(message.type)),
    suggestWorkspace,
    hostsNotice: hosts,
    focusForm: () => events.push('focus'),
  });
  return { protocol, posted, log, stores, events };
}

/** The form stays busy after "busy" or before its first "state" until a result arrives. */
const lastType = (posted: PanelMessage[]) => posted.at(-1)?.type;

describe('the Connect form protocol (plain Node)', () => {
  it("takes the focus back after Disconnect's modal question, before the answer arrives, whatever the answer", async () => {
    const stores = memoryStores();
    await stores.connections.write([testProfile()]);
    const { protocol, events } = protocolWith(stores);
    await protocol.receive({ type: 'disconnect' });
    assert.deepEqual(events, ['focus', 'result']);
  });

  it('answers every request with an error result when SecretStorage throws, so the form never stays busy', async () => {
    const stores = memoryStores();
    // A stored connection, so that showing the form reads its secret.
    await stores.connections.write([testProfile()]);
    stores.secrets.get = async () => {
      throw unreadable;
    };
    stores.secrets.store = async () => {
      throw unreadable;
    };
    stores.secrets.delete = async () => {
      throw unreadable;
    };
    const { protocol, posted, log } = protocolWith(stores);
    // Disconnect is confirmed, so it reaches SecretStorage.
    resetFakeVsCode((message) => (message.items.includes('Disconnect') ? 'Disconnect' : undefined));
    for (const request of [{ type: 'ready' }, { type: 'test' }, { type: 'disconnect' }, { type: 'connect', form: apiTokenForm }]) {
      posted.length = 0;
      await protocol.receive(request);
      const last = posted.at(-1);
      assert.equal(last?.type, 'result', `${request.type} got no answer: ${JSON.stringify(posted)}`);
      assert.equal(last.type === 'result' && last.severity, 'error', request.type);
    }
    assert.ok(log.lines.some((line) => line.includes('SecretStorage is locked')));
    assert.ok(!log.lines.some((line) => line.includes(apiTokenForm.secret)), 'the secret reached the log');
  });

  it('answers Connect with busy, then a result, and the state that follows has no secret', async () => {
    const { protocol, posted } = protocolWith();
    await protocol.receive({ type: 'connect', form: apiTokenForm });
    assert.deepEqual(posted.map((message) => message.type), ['busy', 'result']);
    assert.equal(posted[1]?.type === 'result' && posted[1].severity, 'success');
    await protocol.receive({ type: 'ready' });
    assert.equal(lastType(posted), 'state');
    assert.ok(!JSON.stringify(posted).includes(apiTokenForm.secret));
  });

  it('drops a message that does not fit the schema, and logs its type without its content', async () => {
    const { protocol, posted, log } = protocolWith();
    await protocol.receive({ type: 'connect', form: { credentialType: 'oauth', secret: 'leaked-secret' } });
    assert.deepEqual(posted, []);
    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0] ?? '', /dropped a message .*type "connect"/);
    assert.ok(!log.lines[0]?.includes('leaked-secret'));
  });

  it('before the first Connect names the API, git and MCP hosts when one is not the default, and not once connected', async () => {
    assert.equal(defaultHosts(), undefined, 'the defaults need no notice');
    const devContainer = () => hostsNotice({ apiBaseUrl: 'https://api.evil.example/2.0', gitBaseUrl: 'https://bitbucket.org' }, undefined);
    const { protocol, posted } = protocolWith(memoryStores(), async () => undefined, devContainer);
    await protocol.receive({ type: 'ready' });
    const [before] = posted;
    assert.ok(before?.type === 'state');
    assert.deepEqual(before.notices, [
      "Your settings send this credential to hosts other than Bitbucket's own: API https://api.evil.example, git https://bitbucket.org, MCP server off. Connect only if you chose them.",
    ]);
    await protocol.receive({ type: 'connect', form: apiTokenForm });
    posted.length = 0;
    await protocol.postState();
    assert.ok(posted[0]?.type === 'state' && posted[0].notices === undefined);
  });

  it('shows what a waiting extension asked for with the state, until it is cleared', async () => {
    const { protocol, posted } = protocolWith();
    protocol.notice = missingScopesNotice(['write:pullrequest:bitbucket']);
    await protocol.postState();
    assert.ok(posted[0]?.type === 'state');
    assert.deepEqual(posted[0].notices, ['This token lacks write:pullrequest:bitbucket, which the extension asked for, so it got nothing. Connect a token that has them.']);
    protocol.notice = undefined;
    await protocol.postState();
    assert.ok(posted[1]?.type === 'state' && posted[1].notices === undefined);
  });

  it('sends the remote workspace after the state, and none when the folder has none', async () => {
    const withRemote = protocolWith(memoryStores(), async () => 'acme-eng');
    await withRemote.protocol.receive({ type: 'ready' });
    assert.deepEqual(withRemote.posted, [{ type: 'state', connected: false, mode: 'connect' }, { type: 'suggestion', workspace: 'acme-eng' }]);
    const without = protocolWith();
    await without.protocol.receive({ type: 'ready' });
    assert.deepEqual(without.posted.map((message) => message.type), ['state']);
  });

  it('saves a workspace on the stored connection with busy, then a result that says why there is no list', async () => {
    const { protocol, posted, stores } = protocolWith();
    await protocol.receive({ type: 'connect', form: apiTokenForm });
    posted.length = 0;
    await protocol.receive({ type: 'useWorkspace', workspace: 'acme-eng' });
    assert.deepEqual(posted.map((message) => message.type), ['busy', 'result']);
    const result = posted[1];
    // The stand-in's token lacks read:workspace:bitbucket, so the list is not even asked for.
    assert.deepEqual(result?.type === 'result' && result.workspaces, {
      slugs: [],
      note: 'Your workspaces cannot be listed: the credential lacks read:workspace:bitbucket. Type the workspace slug instead.',
    });
    assert.deepEqual(stores.connections.list().map((profile) => profile.workspace), ['acme-eng']);
  });

  it('leaves Replace mode after a result that is not an error, as the form does, so a later state does not bring it back', async () => {
    const { protocol, posted } = protocolWith();
    await protocol.receive({ type: 'connect', form: apiTokenForm });
    protocol.mode = 'replace';
    await protocol.receive({ type: 'test' });
    posted.length = 0;
    await protocol.postState();
    assert.equal(posted[0]?.type === 'state' && posted[0].mode, 'connect');
  });

  it('still sends the state when reading the remotes fails', async () => {
    const { protocol, posted } = protocolWith(memoryStores(), () => Promise.reject(new Error('git crashed')));
    await protocol.receive({ type: 'ready' });
    assert.deepEqual(posted.map((message) => message.type), ['state']);
  });
});
