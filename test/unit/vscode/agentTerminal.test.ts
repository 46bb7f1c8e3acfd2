import assert from 'node:assert/strict';
import { commandIds } from '../../../src/commandIds';
import { AgentTerminalProfileProvider, openAgentTerminal } from '../../../src/terminal/agentTerminal.vscode';
import type { AgentEnvironmentResult } from '../../../src/terminal/resolveAgentEnvironment';
import { untrustedWorkspaceMessage } from '../../../src/connection/workspaceTrust';
import { fillPlaceholders, userMessage } from '../../../src/userMessage';
import { resetFakeVsCode } from '../../support/fakeVsCode';
import { testProfile } from '../../support/profiles';

const connected: AgentEnvironmentResult = { ok: true, env: { BITBUCKET_USERNAME: 'ada-lovelace' }, unset: ['BITBUCKET_WORKSPACE'], profile: testProfile() };
const notConnected: AgentEnvironmentResult = { ok: false, reason: 'notConnected', problem: userMessage('Bitbucket is not connected.') };
const tick = () => new Promise((resolve) => setImmediate(resolve));
const neverAsked = async () => assert.fail('no origin changed');
const noFirstLine = async () => '';

describe('agent terminals (plain Node)', () => {
  it('the profile carries the variables, unsets stale ones and is never revived', async () => {
    resetFakeVsCode();
    const profile = (await new AgentTerminalProfileProvider(async () => connected, neverAsked, noFirstLine).provideTerminalProfile()) as unknown as {
      options: { env: Record<string, string | null>; isTransient: boolean };
    };
    assert.deepEqual(profile.options.env, { BITBUCKET_USERNAME: 'ada-lovelace', BITBUCKET_WORKSPACE: null });
    assert.equal(profile.options.isTransient, true);
  });

  it('refuses a profile while not connected and offers to connect, which runs the Connect command', async () => {
    const { shown, commands } = resetFakeVsCode((message) => message.items[0]);
    const provider = new AgentTerminalProfileProvider(async () => notConnected, neverAsked, noFirstLine);
    await assert.rejects(provider.provideTerminalProfile(), { message: 'No agent terminal was opened.' });
    await tick();
    assert.deepEqual(shown, [{ severity: 'error', message: 'Bitbucket is not connected.', items: ['Connect Bitbucket'] }]);
    assert.deepEqual(commands, [{ command: commandIds.connect, args: [] }]);
  });

  it('in an untrusted workspace opens nothing, says why in one sentence and offers Manage Workspace Trust', async () => {
    const { shown, commands, terminals } = resetFakeVsCode((message) => message.items[0]);
    const untrusted: AgentEnvironmentResult = { ok: false, reason: 'untrusted', problem: untrustedWorkspaceMessage };
    const provider = new AgentTerminalProfileProvider(async () => untrusted, neverAsked, noFirstLine);
    await assert.rejects(provider.provideTerminalProfile(), { message: 'No agent terminal was opened.' });
    await openAgentTerminal(async () => untrusted, neverAsked, noFirstLine);
    await tick();
    assert.equal(terminals.length, 0);
    const sentence = fillPlaceholders(untrustedWorkspaceMessage.text);
    assert.deepEqual(shown, [0, 1].map(() => ({ severity: 'error', message: sentence, items: ['Manage Workspace Trust'] })));
    assert.deepEqual(commands, [0, 1].map(() => ({ command: 'workbench.trust.manage', args: [] })));
  });

  it('opens the terminal again once a changed origin is confirmed', async () => {
    const { terminals } = resetFakeVsCode();
    const change = { setting: 'nora.bitbucket.apiBaseUrl', pinned: 'https://api.bitbucket.org', current: 'https://proxy.example' } as const;
    const results: AgentEnvironmentResult[] = [{ ok: false, reason: 'originChanged', credentialId: 'credential-1', change, problem: userMessage('moved') }, connected];
    const asked: unknown[] = [];
    const returned: unknown = await openAgentTerminal(async () => results.shift() ?? notConnected, async (id, what) => (asked.push([id, what]), true), noFirstLine);
    assert.equal(returned, undefined, 'the command hands no Terminal (and so no token) to whoever runs it');
    assert.deepEqual(asked, [['credential-1', change]]);
    assert.equal(terminals.length, 1);
    assert.equal(terminals[0]?.shown, true);
  });

  it('writes the first line it is given for the connection the terminal carries', async () => {
    const { terminals } = resetFakeVsCode();
    const other: AgentEnvironmentResult = { ok: true, env: { BITBUCKET_WORKSPACE: 'ada-home' }, unset: [], profile: testProfile({ credentialId: 'home', displayName: 'Home' }) };
    const asked: string[] = [];
    const firstLine = async (result: Extract<AgentEnvironmentResult, { ok: true }>) => (asked.push(result.profile.credentialId), `as ${result.profile.displayName}`);
    await openAgentTerminal(async () => other, neverAsked, firstLine);
    await openAgentTerminal(async () => connected, neverAsked, firstLine);
    assert.deepEqual(asked, ['home', testProfile().credentialId]);
    assert.equal((terminals[0]?.options as { message?: string }).message, 'as Home');
    assert.equal((terminals[1]?.options as { message?: string }).message, `as ${testProfile().displayName}`);
  });
});
