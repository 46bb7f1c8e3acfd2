import assert from 'node:assert/strict';
import { commandIds } from '../../../src/commandIds';
import { ConnectionStatusBar } from '../../../src/connection/statusBar.vscode';
import { resetFakeVsCode } from '../../support/fakeVsCode';
import { dataCenterProfile, testProfile } from '../../support/profiles';

const allScopes = ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket', 'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket', 'read:workspace:bitbucket'];

/** 1 March 2026, noon local time, unless a test moves it. */
function statusBar(now = new Date(2026, 2, 1, 12)) {
  const fake = resetFakeVsCode();
  const clock = { now };
  return { ...fake, clock, bar: new ConnectionStatusBar(() => clock.now, async () => ({ state: 'disconnected' }), undefined) };
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

  it('names an access token in the text, the tooltip and the screen-reader label (issue 24)', () => {
    const { bar, item } = statusBar();
    const profile = testProfile({ credentialType: 'accessToken', accessTokenScope: 'repository', repository: 'widgets', email: undefined, username: undefined, displayName: 'acme/widgets', grantedScopes: ['repository', 'repository:write', 'pullrequest:write', 'pipeline'], expiresOn: '2027-01-01' });
    bar.show({ kind: 'connected', profile });
    assert.equal(item.text, '$(account) acme/widgets (access token)');
    const tooltip = (item.tooltip as { value: string }).value;
    assert.match(tooltip, /\*\*Credential:\*\* Repository access token/);
    assert.match(tooltip, /\*\*Username:\*\* x-token-auth/);
    assert.match(tooltip, /\*\*Token expires:\*\* 2027-01-01/);
    assert.match(item.accessibilityInformation?.label ?? '', /^Connected to Bitbucket as acme\/widgets \(access token\)\./);
  });

  it('names a Data Center connection, its server and version, user and project, without Cloud rows or warnings (issue 24)', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'connected', profile: dataCenterProfile });
    assert.equal(item.text, '$(account) Bitbucket DC: Jane Doe');
    const tooltip = (item.tooltip as { value: string }).value;
    assert.match(tooltip, /\*\*Server:\*\* https:\/\/bitbucket\.example\.com\/bitbucket \(Bitbucket Data Center 9\.4\.2\)/);
    assert.match(tooltip, /\*\*User:\*\* jdoe/);
    assert.match(tooltip, /\*\*Project:\*\* PROJ/);
    assert.match(tooltip, /\*\*Credential:\*\* Data Center personal token/);
    assert.doesNotMatch(tooltip, /Workspace|Scopes/);
    assert.match(item.accessibilityInformation?.label ?? '', /^Connected to Bitbucket as Bitbucket DC: Jane Doe\. Activate/);
  });

  it('gives the last test in the tooltip as a local date and time, like the expiry date beside it', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes, lastTestedAt: new Date(2026, 1, 3, 9, 5).toISOString() }) });
    assert.match((item.tooltip as { value: string }).value, /\*\*Last test:\*\* 2026-02-03 09:05 {2}\n/);
  });

  it('warns, in the text, the tooltip and the screen-reader label, when scopes are missing', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: ['read:user:bitbucket'] }) });
    assert.equal(item.text, '$(warning) Ada Lovelace');
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');
    const tooltip = item.tooltip as { value: string; isTrusted: unknown };
    assert.match(tooltip.value, /^\$\(warning\) .*read:repository:bitbucket/);
    // Server text cannot make a link run anything: only Switch Account, our own link, may run.
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: ['nora.bitbucket.switchAccount'] });
    assert.match(item.accessibilityInformation?.label ?? '', /^Connected to Bitbucket as Ada Lovelace, with a warning: /);
  });

  it("says truthfully what VS Code's Git does with this connection: alone on its host, beside another, or a project token it cannot use", () => {
    const { bar, item } = statusBar();
    const work = testProfile({ credentialId: 'work', workspace: 'acme-eng', gitOrigin: 'https://bitbucket.org' });
    const home = testProfile({ credentialId: 'home', workspace: 'ada-home', gitOrigin: 'https://bitbucket.org' });
    const elsewhere = testProfile({ credentialId: 'elsewhere', gitOrigin: 'http://127.0.0.1:8123' });
    const gitRow = () => /\*\*VS Code's Git:\*\* ([^\n]*)/.exec((item.tooltip as { value: string }).value)?.[1]?.trim();
    bar.show({ kind: 'connected', profile: work });
    assert.equal(gitRow(), undefined, 'no row before VS Code\'s Git asks us');
    bar.showGitAnswers(true);
    bar.showChoice({ kind: 'chosen', connection: work, reason: 'recent', tiedWith: [] }, [work, elsewhere]);
    assert.equal(gitRow(), 'uses this connection for https://bitbucket.org');
    // Another connection on the same host: the tooltip redraws with the new list.
    bar.showChoice({ kind: 'chosen', connection: work, reason: 'recent', tiedWith: [] }, [home, work]);
    assert.match(gitRow() ?? '', /^uses this connection for https:\/\/bitbucket\.org, and another connection for repositories in its own workspace or project when git sends the repository\\?'s path/);
    const projectToken = { ...dataCenterProfile, tokenOwner: 'service' as const, username: 'project-bot' };
    bar.show({ kind: 'connected', profile: projectToken });
    assert.match(gitRow() ?? '', /^cannot use this connection for https:\/\/bitbucket\.example\.com: a project or repository token works only as a header/);
  });

  it('adds the MCP line to the tooltip at once, and keeps it when the state changes', () => {
    const { bar, item } = statusBar();
    const mcpLine = /\*\*MCP server:\*\* offered to agents/;
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes }) });
    bar.showRow('MCP server', 'offered to agents');
    assert.match((item.tooltip as { value: string }).value, mcpLine);
    bar.show({ kind: 'testing', profile: testProfile() });
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes }) });
    assert.match((item.tooltip as { value: string }).value, mcpLine);
  });

  it('warns from 14 days before the token expires, says the date in the tooltip, and counts down when shown again', () => {
    const { bar, item, clock } = statusBar();
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes, expiresOn: '2026-03-16' }) });
    assert.equal(item.text, '$(account) Ada Lovelace');
    assert.match((item.tooltip as { value: string }).value, /\*\*Token expires:\*\* 2026-03-16/);
    clock.now = new Date(2026, 2, 2, 0, 5);
    bar.showAgain();
    assert.equal(item.text, '$(warning) Ada Lovelace');
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');
    assert.match((item.tooltip as { value: string }).value, /^\$\(warning\) The API token expires in 14 days, on 2026-03-16\./);
    assert.match(item.accessibilityInformation?.label ?? '', /with a warning: The API token expires in 14 days/);
  });

  it('says an expired token is expired, and an unknown date is unknown', () => {
    const { bar, item } = statusBar();
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes, expiresOn: '2026-02-28' }) });
    assert.match((item.tooltip as { value: string }).value, /^\$\(warning\) The API token expired on 2026-02-28: replace it\./);
    bar.show({ kind: 'connected', profile: testProfile({ grantedScopes: allScopes }) });
    assert.equal(item.text, '$(account) Ada Lovelace');
    assert.match((item.tooltip as { value: string }).value, /\*\*Token expires:\*\* \(unknown\)/);
  });
});
