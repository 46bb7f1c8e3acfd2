import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type * as vscode from 'vscode';
import { ConnectPanel } from '../../../src/form/connectPanel.vscode';
import { serviceWithBitbucket } from '../../support/connectedService';
import { memoryLog, resetFakeVsCode } from '../../support/fakeVsCode';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

describe('the Connect form panel (plain Node, with a fake vscode module)', () => {
  it('leaves no listener behind when it closes: 200 opens and closes keep the listeners and the heap flat', () => {
    const fake = resetFakeVsCode();
    const { service } = serviceWithBitbucket();
    const connectionListeners = new Set<(status: unknown) => unknown>();
    const form = new ConnectPanel({
      extensionUri: fake.uri('/extension') as unknown as vscode.Uri,
      service,
      actions: { connect: async () => assert.fail(), replaceToken: async () => assert.fail(), test: async () => assert.fail(), useWorkspace: async () => assert.fail(), disconnect: async () => false },
      log: memoryLog() as unknown as vscode.LogOutputChannel,
      now: () => new Date(),
      hostsNotice: () => undefined,
      onDidChangeConnection: (listener) => (connectionListeners.add(listener), { dispose: () => connectionListeners.delete(listener) }),
    });
    let closes = 0;
    form.onDidClose(() => closes++);
    const openAndClose = (times: number) => {
      for (let i = 0; i < times; i++) {
        form.show();
        fake.panels.at(-1)?.dispose();
      }
    };
    openAndClose(20); // warm up: the first opens compile code and fill caches
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    openAndClose(200);
    const panelListeners = fake.panels.reduce((total, panel) => total + panel.messages.listeners.size + panel.disposed.listeners.size, 0);
    fake.panels.length = 0; // the fake workbench's own record of the panels
    collectGarbage();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    assert.equal(closes, 220);
    assert.equal(panelListeners, 0, 'closed panels still have listeners');
    assert.equal(connectionListeners.size, 1, 'one listener for the stored connection, whatever the number of opens');
    // Measured: it shrinks (the warm-up's garbage is collected). With the listeners kept, as before
    // the fix, 400 listeners stayed and the heap grew.
    assert.ok(heapGrowth < 256 * 1024, `the heap grew by ${Math.round(heapGrowth / 1024)} KB over 200 opens`);
    form.dispose();
    assert.equal(connectionListeners.size, 0);
  });

  it('removes each closed panel\'s message and close listeners', () => {
    const fake = resetFakeVsCode();
    const { service } = serviceWithBitbucket();
    const form = new ConnectPanel({
      extensionUri: fake.uri('/extension') as unknown as vscode.Uri,
      service,
      actions: { connect: async () => assert.fail(), replaceToken: async () => assert.fail(), test: async () => assert.fail(), useWorkspace: async () => assert.fail(), disconnect: async () => false },
      log: memoryLog() as unknown as vscode.LogOutputChannel,
      now: () => new Date(),
      hostsNotice: () => undefined,
      onDidChangeConnection: () => ({ dispose: () => undefined }),
    });
    form.show();
    const [panel] = fake.panels;
    assert.ok(panel);
    assert.equal(panel.messages.listeners.size, 1);
    panel.dispose();
    assert.equal(panel.messages.listeners.size, 0);
    assert.equal(panel.disposed.listeners.size, 0);
  });
});
