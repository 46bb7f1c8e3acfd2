import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { chooseActive } from '../../../src/connection/activeConnection';
import { identityOf } from '../../../src/connection/connectionList';
import { tieNotice } from '../../../src/connection/tieNotice.vscode';
import { resetFakeVsCode } from '../../support/fakeVsCode';
import { testProfile } from '../../support/profiles';

const person = testProfile({ credentialId: 'person', workspace: 'acme-eng', displayName: 'Ada' });
const bot = testProfile({ credentialId: 'bot', credentialType: 'accessToken', accessTokenScope: 'repository', workspace: 'acme-eng', repository: 'widgets', email: undefined, username: undefined, displayName: 'acme-eng/widgets' });
const remote = ['https://bitbucket.org/acme-eng/widgets.git'];
const tick = () => new Promise((resolve) => setImmediate(resolve));

function workspaceState(): vscode.Memento {
  const values = new Map<string, unknown>();
  return { keys: () => [...values.keys()], get: (key: string) => values.get(key), update: async (key: string, value: unknown) => void values.set(key, value) } as vscode.Memento;
}

describe('two connections that match the folder equally (plain Node)', () => {
  it('says so once per workspace, naming both, and Choose… opens Switch Bitbucket Account', async () => {
    const { shown, commands } = resetFakeVsCode((message) => message.items[0]);
    const notice = tieNotice(workspaceState());
    const tie = chooseActive([bot, person], remote, undefined);
    notice(tie);
    notice(tie);
    await tick();
    assert.equal(shown.length, 1);
    assert.match(shown[0].message, /^2 Bitbucket connections match this folder's remote: acme-eng\/widgets \(access token\), Ada\. This window uses acme-eng\/widgets \(access token\)/);
    assert.deepEqual(commands, [{ command: 'nora.bitbucket.switchAccount', args: [] }]);
  });

  it('says nothing once the user picked one of them, or when one connection matches', async () => {
    const { shown } = resetFakeVsCode();
    const notice = tieNotice(workspaceState());
    notice(chooseActive([bot, person], remote, identityOf(person)));
    notice(chooseActive([person], remote, undefined));
    notice(chooseActive([bot, person], [], undefined));
    await tick();
    assert.deepEqual(shown, []);
  });
});
