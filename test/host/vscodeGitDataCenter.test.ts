// VS Code's own Git with a Bitbucket Data Center connection (issue 24): a personal token signs
// in as its user through the Git extension's askpass; a project token, which Data Center accepts
// only as a Bearer header, is never offered as a password.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NoraBitbucketApi } from '../../api/nora-bitbucket';
import type { TestingHooks } from '../../src/testingHooks.vscode';
import { DEMO_DC_PERSONAL_TOKEN, DEMO_DC_PROJECT_TOKEN, startFakeDataCenter, type FakeDataCenter } from '../fakes/fakeDataCenter';
import { PlainTerminal } from './plainTerminal';

type TestApi = NoraBitbucketApi & { testing: TestingHooks };

describe("VS Code's Git with a Data Center connection", function () {
  this.timeout(120_000);
  let fake: FakeDataCenter;
  let api: TestApi;
  let plain: PlainTerminal;
  let root: string;
  const repository = () => `${fake.serverUrl}/scm/PROJ/widgets.git`;
  const gitRequests = () => fake.requests.filter((request) => request.path.startsWith('/scm/'));

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'nora-vscode-git-dc-'));
    fake = await startFakeDataCenter({ demo: true });
    const extension = vscode.extensions.getExtension<TestApi>('nora.nora-bitbucket');
    assert.ok(extension, 'the extension is not installed');
    api = await extension.activate();
    await vscode.extensions.getExtension('vscode.git')?.activate();
    plain = new PlainTerminal(mkdtempSync(path.join(root, 'terminal-')));
  });
  after(async () => {
    plain?.terminal.dispose();
    await api?.testing.disconnect();
    await fake?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a personal token: git ls-remote in an ordinary terminal signs in as the user, without a prompt', async () => {
    const outcome = await api.testing.connect({ credentialType: 'dataCenter', serverUrl: fake.serverUrl, secret: DEMO_DC_PERSONAL_TOKEN });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const listed = await plain.run(`git ls-remote ${repository()}`);
    assert.equal(listed.code, 0, listed.output);
    assert.match(listed.output, /refs\/heads\/main/);
    const basic = `Basic ${Buffer.from(`jdoe:${DEMO_DC_PERSONAL_TOKEN}`).toString('base64')}`;
    assert.ok(gitRequests().some((request) => request.authorization === basic), 'git never signed in as jdoe');
  });

  it("a project token is never offered to git as a password: VS Code asks the user, as without Nora (the test cancels the box)", async () => {
    const outcome = await api.testing.connect({ credentialType: 'dataCenter', serverUrl: fake.serverUrl, secret: DEMO_DC_PROJECT_TOKEN });
    assert.ok(outcome.ok, JSON.stringify(outcome));
    fake.requests.length = 0;
    const started = Date.now();
    let cancels = 0;
    // Still running after 2 s (an answered ls-remote takes a fraction of that): VS Code's prompt holds it.
    const cancel = async () => {
      if (Date.now() - started < 2000) return;
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      cancels++;
    };
    const listed = await plain.run(`git ls-remote ${repository()}`, cancel);
    assert.notEqual(listed.code, 0, listed.output);
    assert.ok(cancels > 0, 'git ended without asking');
    assert.ok(gitRequests().length > 0, 'git never reached the server');
    const sent = gitRequests().map((request) => request.authorization ?? '');
    const passwords = sent.filter((value) => value.startsWith('Basic ')).map((value) => Buffer.from(value.slice(6), 'base64').toString().split(':').slice(1).join(':'));
    assert.ok(!passwords.includes(DEMO_DC_PROJECT_TOKEN) && !sent.some((value) => value.includes(DEMO_DC_PROJECT_TOKEN)), 'the project token went to git');
  });
});
