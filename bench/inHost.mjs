// Figures from a real VS Code (code-server in headless Chromium), with the packaged extension and
// the hello-world baseline (bench/baseline) installed side by side:
// - activate() wall time, from the extension's own log line, over several window loads made with a
//   connection stored, and the requests Bitbucket saw during those loads;
// - the time from choosing "Nora: Connect Bitbucket" in the palette until the form's script has
//   run and the extension's state has arrived (the form drops aria-busy), against the same for
//   the baseline's minimal webview panel, alternating;
// - `git ls-remote` answered by VS Code's askpass beside the agent terminal's helper (gitAnswers.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { builtModules } from './built.mjs';
import os from 'node:os';
import path from 'node:path';
import { measureGitAnswers } from './gitAnswers.mjs';
import { median } from './stats.mjs';

export async function measureInHost(repoRoot, { vsixPath, baselineFolder, windowLoads, formOpens, gitRuns }) {
  const built = builtModules(repoRoot);
  const out = (file) => built(path.join('test', file));
  const { startFakeBitbucket, demoAccount, DEMO_API_TOKEN } = out('fakes/fakeBitbucket.js');
  const { startCodeServer } = out('e2e/support/codeServer.js');
  const { launchBrowser, openWorkbench } = out('e2e/support/browser.js');
  const { connectWithApiToken, statusBarId } = out('e2e/support/connectForm.js');
  const { findPaletteRow, runCommand, statusBarItem, webviewFrame } = out('e2e/support/workbench.js');
  const { waitForText } = out('e2e/support/waiting.js');
  const { extensionLogs } = out('e2e/support/extensionLog.js');
  const { waitUntil } = out('support/waitUntil.js');
  const { typeInTerminal } = out('e2e/support/terminal.js');
  const { createBareRepository } = out('fakes/gitCommands.js');
  const { startGitHttpServer } = out('fakes/gitHttpServer.js');

  const account = demoAccount();
  const fake = await startFakeBitbucket({ accounts: [account] });
  const gitDir = mkdtempSync(path.join(os.tmpdir(), 'nora-bench-git-'));
  await createBareRepository(path.join(gitDir, 'served'), 'acme-eng/agent-repo.git');
  const git = await startGitHttpServer({ projectRoot: path.join(gitDir, 'served'), username: account.username, password: DEMO_API_TOKEN });
  const server = await startCodeServer({
    vsixPath,
    unpackedExtensions: [baselineFolder],
    machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl, 'nora.bitbucket.gitBaseUrl': git.url },
  });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await openWorkbench(page, server.url);
    await connectWithApiToken(page, { email: account.email, token: DEMO_API_TOKEN }, account.displayName);
    await runCommand(page, 'View: Close All Editors');
    const logged = loggedTimes(extensionLogs, server.userDataDir);
    const requestsBefore = fake.requests.length;
    for (let load = 1; load <= windowLoads; load++) {
      await openWorkbench(page, server.url);
      await waitForText(statusBarItem(page, statusBarId), new RegExp(account.displayName), 60_000);
      await waitUntil(() => (loggedTimes(extensionLogs, server.userDataDir).length >= logged.length + load ? true : undefined), 'the activation log line');
    }
    const times = loggedTimes(extensionLogs, server.userDataDir);
    const activationMs = times.slice(logged.length);
    const requestsDuringActivation = fake.requests.length - requestsBefore;

    const timeToReady = async (title) => {
      const row = await findPaletteRow(page, title);
      const started = performance.now();
      await row.click();
      await webviewFrame(page).locator('[aria-busy="false"]').waitFor();
      const elapsed = performance.now() - started;
      await runCommand(page, 'View: Close All Editors');
      return elapsed;
    };
    const formMs = [];
    const baselineMs = [];
    for (let open = 0; open < formOpens; open++) {
      formMs.push(await timeToReady('Nora: Connect Bitbucket'));
      baselineMs.push(await timeToReady('Bench: Open Baseline Panel'));
    }
    const repositoryUrl = `${git.url}/acme-eng/agent-repo.git`;
    const gitAnswers = await measureGitAnswers({ page, runCommand, typeInTerminal, waitUntil, repositoryUrl, samples: gitRuns, dir: gitDir });
    return {
      ...gitAnswers,
      windowLoads,
      activationMs: median(activationMs),
      activationSamples: activationMs.length,
      requestsDuringActivation,
      formOpens,
      formOpenMs: median(formMs),
      baselinePanelOpenMs: median(baselineMs),
      formOpenRatio: median(formMs) / median(baselineMs),
    };
  } finally {
    await browser.close();
    await server.stop();
    await fake.close();
    await git.close();
    rmSync(gitDir, { recursive: true, force: true });
  }
}

/** From the extension's log, one per window load: "Activated in N ms.". */
function loggedTimes(extensionLogs, userDataDir) {
  return extensionLogs(userDataDir).flatMap((text) => [...text.matchAll(/Activated in (\d+) ms/g)].map(([, ms]) => Number(ms)));
}
