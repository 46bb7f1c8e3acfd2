import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ConnectionController } from '../../../src/connection/connectionController.vscode';
import { ConnectionStatusBar } from '../../../src/connection/statusBar.vscode';
import { apiTokenForm, serviceWithBitbucket } from '../../support/connectedService';
import { memoryLog, resetFakeVsCode, type ShownMessage } from '../../support/fakeVsCode';

const tooltipOf = (item: { tooltip: { value: string } | string | undefined }) => (typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? ''));

function controllerWith(answer?: (shown: ShownMessage) => string | undefined) {
  const fake = resetFakeVsCode(answer);
  const { service, bitbucket, stores } = serviceWithBitbucket();
  const log = memoryLog();
  let formsOpened = 0;
  const statusBar = new ConnectionStatusBar(() => new Date(), () => service.status(), undefined);
  const controller = new ConnectionController(
    service,
    statusBar,
    log as unknown as vscode.LogOutputChannel,
    () => formsOpened++,
    async () => false,
  );
  return { ...fake, controller, statusBar, service, bitbucket, stores, log, formsOpened: () => formsOpened };
}

describe('ConnectionController (plain Node, with a fake vscode module)', () => {
  it('keeps a failed test in the status bar across a focus refresh, until a test passes', async () => {
    const { controller, statusBar, bitbucket, item } = controllerWith();
    assert.ok((await controller.connect(apiTokenForm)).ok);
    await statusBar.refresh();
    assert.equal(item.text, '$(account) Nora Developer');

    bitbucket.rejects = true;
    assert.equal((await controller.test(false)).ok, false);
    const failed = item.text;
    assert.match(failed, /^\$\(warning\) Nora Developer: /);
    await statusBar.refresh(); // what a window-focus refresh does
    assert.equal(item.text, failed, 'the refresh hid the failed test');
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');

    bitbucket.rejects = false;
    assert.ok((await controller.test(false)).ok);
    await statusBar.refresh();
    assert.equal(item.text, '$(account) Nora Developer');
    assert.equal(item.backgroundColor, undefined);
  });

  it('forgets a failed test once the connection is replaced', async () => {
    const { controller, statusBar, bitbucket, item } = controllerWith();
    await controller.connect(apiTokenForm);
    bitbucket.rejects = true;
    await controller.test(false);
    bitbucket.rejects = false;
    await controller.connect(apiTokenForm);
    await statusBar.refresh();
    assert.equal(item.text, '$(account) Nora Developer');
  });

  it('shows a Save Workspace that the stored token fails as a failed test, until a check passes; the new workspace then shows', async () => {
    const { controller, statusBar, bitbucket, item } = controllerWith();
    assert.ok((await controller.connect(apiTokenForm)).ok);
    await statusBar.refresh();

    bitbucket.rejects = true;
    assert.equal((await controller.useWorkspace('acme-eng')).ok, false);
    assert.equal(item.text, '$(warning) Nora Developer: 401 Unauthorized');
    await statusBar.refresh(); // what a window-focus refresh does
    assert.equal(item.text, '$(warning) Nora Developer: 401 Unauthorized', 'the refresh hid the failed check');

    bitbucket.rejects = false;
    assert.ok((await controller.useWorkspace('acme-eng')).ok);
    // Connected again; the warning left is the stand-in token's missing read:workspace:bitbucket.
    assert.equal(item.text, '$(warning) Nora Developer');
    assert.match(tooltipOf(item), /lacks: read:workspace:bitbucket/);
    assert.match(tooltipOf(item), /\*\*Workspace:\*\* acme-eng/);
  });

  it('shows a workspace that Save Workspace could not find in the status bar, until a check finds one', async () => {
    const { controller, statusBar, bitbucket, item } = controllerWith();
    assert.ok((await controller.connect(apiTokenForm)).ok);
    assert.ok((await controller.useWorkspace('acme-typo')).ok);
    assert.equal(item.text, '$(warning) Nora Developer');
    assert.match(tooltipOf(item), /No workspace "acme-typo", or you are not a member of it\./);
    assert.match(item.accessibilityInformation?.label ?? '', /No workspace "acme-typo"/);
    await statusBar.refresh(); // what a change noticed from another window does
    assert.match(tooltipOf(item), /No workspace "acme-typo"/, 'a refresh hid the failed workspace check');

    bitbucket.workspaceFound = true;
    assert.ok((await controller.useWorkspace('acme-eng')).ok);
    assert.doesNotMatch(tooltipOf(item), /No workspace/);
  });

  it('leaves the status bar as it was when the workspace slug is invalid: nothing was sent', async () => {
    const { controller, statusBar, bitbucket, item } = controllerWith();
    assert.ok((await controller.connect(apiTokenForm)).ok);
    bitbucket.rejects = true;
    await controller.test(false);
    const failed = item.text;
    bitbucket.rejects = false;

    const refused = await controller.useWorkspace('Acme Ops');
    assert.ok(!refused.ok && refused.failure.kind === 'invalidInput');
    await statusBar.refresh();
    assert.equal(item.text, failed, 'an invalid slug cleared the failed test');
  });

  it('a failed test from the command offers the form, and opens it when chosen', async () => {
    const { controller, bitbucket, shown, formsOpened } = controllerWith((message) => message.items[0]);
    await controller.connect(apiTokenForm);
    bitbucket.rejects = true;
    await controller.test(true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(shown.at(-1), {
      severity: 'error',
      message: 'Bitbucket rejected the email or API token.',
      items: ['Open Connect Form', 'Show Log'],
    });
    assert.equal(formsOpened(), 1);
  });

  it('disconnects only when the modal is answered with Disconnect', async () => {
    const declined = controllerWith(() => undefined);
    await declined.controller.connect(apiTokenForm);
    assert.equal(await declined.controller.disconnect(), false);
    assert.ok(declined.stores.secrets.value, 'the secret went although the user declined');

    const agreed = controllerWith((message) => (message.message.startsWith('Disconnect Bitbucket account') ? 'Disconnect' : undefined));
    await agreed.controller.connect(apiTokenForm);
    assert.equal(await agreed.controller.disconnect(), true);
    assert.equal(agreed.stores.secrets.byId.size, 0);
    assert.equal(agreed.shown.at(-1)?.message, 'Disconnect Bitbucket account Nora Developer?');
  });

  it('offers Replace Token, not the Connect form, when the test fails because the token expired', async () => {
    const { controller, bitbucket, shown, commands, formsOpened } = controllerWith((message) => message.items[0]);
    // The service's clock says 2026-11-28: a token said to expire that day is expired for a 401.
    assert.ok((await controller.connect({ ...apiTokenForm, expiresOn: '2026-11-28' })).ok);
    bitbucket.rejects = true;
    assert.equal((await controller.test(true)).ok, false);
    assert.match(shown.at(-1)?.message ?? '', /expired on 2026-11-28/);
    assert.deepEqual(shown.at(-1)?.items, ['Replace Token']);
    assert.deepEqual(commands.map(({ command }) => command), ['nora.bitbucket.replaceToken']);
    assert.equal(formsOpened(), 0);
  });
});
