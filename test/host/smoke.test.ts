// Runs inside a real VS Code extension host (see vscodeServerLauncher.ts): the extension under
// development is loaded from the repo root and its commands register on activation.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'nora.nora-bitbucket';

describe('host smoke: nora.nora-bitbucket in the extension host', () => {
  it('is present and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers nora.bitbucket.connect', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('nora.bitbucket.connect'), 'nora.bitbucket.connect is not registered');
  });
});
