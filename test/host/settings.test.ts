// Hostile user-level settings in the real extension host: a non-loopback http: or an ftp: base URL
// is refused with a message naming the setting, before any request is made, and a refused git
// host gives agent terminals nothing. (Workspace-level values are covered in connection.test.ts.)
import assert from 'node:assert/strict';
import os from 'node:os';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { fillPlaceholders, type UserMessage } from '../../src/userMessage';
import { heldConnection } from './heldConnection';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket, type FakeBitbucket } from '../fakes/fakeBitbucket';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };
type Setting = 'apiBaseUrl' | 'gitBaseUrl';
const form = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: DEMO_API_TOKEN, workspace: 'acme-eng' };

/** A non-loopback IPv4 address of this machine, if it has one. */
function outwardAddress(): string | undefined {
  const all = Object.values(os.networkInterfaces()).flat();
  return all.find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
}

const userValue = (name: Setting): string | undefined =>
  vscode.workspace.getConfiguration('nora.bitbucket').inspect<string>(name)?.globalValue;

/** Polls until the extension host sees `expected` as the user-level value. */
async function waitForUserValue(name: Setting, expected: string | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (userValue(name) !== expected) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function setUserSetting(name: Setting, value: string): Promise<void> {
  await vscode.workspace.getConfiguration('nora.bitbucket').update(name, value, vscode.ConfigurationTarget.Global);
  // The extension host sees the change a moment after update() resolves.
  if (!(await waitForUserValue(name, value, 10_000))) throw new Error(`nora.bitbucket.${name} did not become ${value} (it is ${userValue(name)})`);
}

/**
 * Puts back the user-level value seen before the tests: removes ours, which normally reveals it
 * (a remote window's user settings fall back to the machine's), or else writes it back.
 */
async function restoreUserSetting(name: Setting, original: string | undefined): Promise<void> {
  if (userValue(name) === original) return;
  await vscode.workspace.getConfiguration('nora.bitbucket').update(name, undefined, vscode.ConfigurationTarget.Global);
  if (await waitForUserValue(name, original, 3000)) return;
  await vscode.workspace.getConfiguration('nora.bitbucket').update(name, original, vscode.ConfigurationTarget.Global);
  if (!(await waitForUserValue(name, original, 10_000))) throw new Error(`could not restore nora.bitbucket.${name} to ${original}`);
}

function assertNamesSetting(problem: UserMessage, setting: string, value: string): void {
  const text = fillPlaceholders(problem.text, ...problem.args);
  assert.ok(text.includes(setting), `the message does not name ${setting}: ${text}`);
  assert.ok(text.includes(value), `the message does not quote the refused value: ${text}`);
}

describe('Nora: Bitbucket refuses hostile user settings in the extension host', function () {
  this.timeout(60_000);
  let fake: FakeBitbucket;
  let outward: FakeBitbucket | undefined;
  let api: TestApi;
  const address = outwardAddress();
  /** Every request either fake received (the outward one listens on a non-loopback address). */
  const requestCount = (): number => fake.requests.length + (outward?.requests.length ?? 0);
  const original: Partial<Record<Setting, string>> = {};

  before(async () => {
    fake = await startFakeBitbucket({ accounts: [demoAccount()] });
    if (address) outward = await startFakeBitbucket({ accounts: [demoAccount()], host: address });
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    original.apiBaseUrl = userValue('apiBaseUrl');
    original.gitBaseUrl = userValue('gitBaseUrl');
    await setUserSetting('apiBaseUrl', fake.apiBaseUrl);
    const outcome = await api.testing.connect(form);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    assert.ok((await api.testing.agentEnvironment()).ok, 'connected with good settings, there is an environment');
  });

  after(async () => {
    await api?.testing.disconnect();
    await restoreUserSetting('apiBaseUrl', original.apiBaseUrl);
    await restoreUserSetting('gitBaseUrl', original.gitBaseUrl);
    await outward?.close();
    await fake?.close();
  });

  beforeEach(() => {
    fake.requests.length = 0;
    if (outward) outward.requests.length = 0;
  });

  afterEach(async () => {
    await setUserSetting('apiBaseUrl', fake.apiBaseUrl);
    await restoreUserSetting('gitBaseUrl', original.gitBaseUrl);
  });

  const refusedApiUrls = [
    { value: 'http://example.com/2.0', why: 'http: to another machine' },
    { value: 'ftp://example.com', why: 'ftp:' },
    { value: 'ftp://127.0.0.1:9/2.0', why: 'ftp: even to this machine' },
  ];
  for (const { value, why } of refusedApiUrls) {
    it(`refuses apiBaseUrl ${value} (${why}) for connect and test, with no request`, async () => {
      await setUserSetting('apiBaseUrl', value);
      const connected = await api.testing.connect(form);
      assert.ok(!connected.ok && connected.failure.kind === 'settings', JSON.stringify(connected));
      assertNamesSetting(connected.failure.problem, 'nora.bitbucket.apiBaseUrl', value);
      const tested = await vscode.commands.executeCommand<{ ok: boolean; failure?: { kind: string } }>('nora.bitbucket.test');
      assert.equal(tested.ok, false);
      assert.equal(tested.failure?.kind, 'settings');
      assert.equal(requestCount(), 0, 'a request was made');
      assert.equal((await heldConnection(api, DEMO_API_TOKEN))?.displayName, 'Nora Developer', 'a refused setting keeps the stored connection');
    });
  }

  it('refuses a non-loopback http: apiBaseUrl that would reach a live server: it gets nothing', async function () {
    if (!outward) this.skip(); // this machine has no non-loopback IPv4 address
    const value = outward.apiBaseUrl;
    const reachable = await fetch(`${value}/user`);
    assert.equal(reachable.status, 401, 'the outward server answers from here');
    outward.requests.length = 0;
    await setUserSetting('apiBaseUrl', value);
    const connected = await api.testing.connect(form);
    assert.ok(!connected.ok && connected.failure.kind === 'settings', JSON.stringify(connected));
    assertNamesSetting(connected.failure.problem, 'nora.bitbucket.apiBaseUrl', value);
    await vscode.commands.executeCommand('nora.bitbucket.test');
    assert.equal(outward.requests.length, 0, `the server on ${address} got a request`);
    assert.equal(requestCount(), 0);
  });

  for (const value of ['http://example.com', 'ftp://example.com', 'https://user:pass@bitbucket.org']) {
    it(`gives agent terminals nothing for gitBaseUrl ${value}`, async () => {
      await setUserSetting('gitBaseUrl', value);
      assert.equal((await api.testing.agentEnvironment()).ok, false);
      const before = vscode.window.terminals.length;
      await vscode.commands.executeCommand('nora.bitbucket.newAgentTerminal');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(vscode.window.terminals.length, before, 'an agent terminal opened');
      assert.equal(requestCount(), 0, 'a request was made');
    });
  }

  it('works again once the settings are restored', async () => {
    const result = await api.testing.agentEnvironment();
    assert.equal(result.ok && result.env.BITBUCKET_APP_PASSWORD, DEMO_API_TOKEN);
    const tested = await vscode.commands.executeCommand<{ ok: boolean }>('nora.bitbucket.test');
    assert.equal(tested.ok, true);
    assert.ok(fake.requests.some((request) => request.path === '/2.0/user'));
  });
});
