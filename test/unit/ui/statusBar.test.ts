import assert from 'node:assert/strict';
import { commandIds } from '../../../src/commandIds';
import { ConnectionStatusBar } from '../../../src/ui/statusBar';
import { fakeVsCodeUi } from '../../support/fakeVsCodeUi';
import { testProfile } from '../../support/profiles';

const allScopes = ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket', 'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket', 'read:workspace:bitbucket'];

function statusBar() {
  const fake = fakeVsCodeUi();
  return { ...fake, bar: new ConnectionStatusBar(fake.ui) };
}

describe('ConnectionStatusBar (plain Node)', () => {
  it('offers to connect when nothing is stored', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'disconnected' });
    assert.equal(item.text, '$(plug) Connect Bitbucket');
    assert.equal(item.command, commandIds.connect);
    assert.ok(item.visible);
  });

  it('shows who is connected, re-tests on click, and shows a display name literally, never as an icon', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'connected', profile: testProfile({ displayName: '$(bug) Ada', grantedScopes: allScopes }) });
    assert.equal(item.text, '$(account) \\$(bug) Ada');
    assert.equal(item.command, commandIds.test);
    assert.equal(item.backgroundColor, undefined);
  });

  it('warns, in the text, the tooltip and the screen-reader label, when scopes are missing', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: ['read:user:bitbucket'] }) });
    assert.equal(item.text, '$(warning) Ada Lovelace');
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');
    const tooltip = item.tooltip as { value: string; isTrusted: boolean };
    assert.match(tooltip.value, /^\$\(warning\) .*read:repository:bitbucket/);
    assert.equal(tooltip.isTrusted, false);
    assert.match(item.accessibilityInformation?.label ?? '', /^Connected to Bitbucket as Ada Lovelace, with a warning: /);
  });

  it('adds the MCP line to the tooltip at once, and keeps it when the state changes', () => {
    const { bar, item } = statusBar();
    const mcpLine = /\*\*MCP server:\*\* offered to agents/;
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes }) });
    bar.showMcp('offered to agents');
    assert.match((item.tooltip as { value: string }).value, mcpLine);
    bar.show({ kind: 'testing', profile: testProfile() });
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes }) });
    assert.match((item.tooltip as { value: string }).value, mcpLine);
  });
});
