// Figures from a real VS Code (code-server in headless Chromium): activate() wall time from the
// extension's own log line over several window loads, the requests Bitbucket saw meanwhile, and
// the time from running "Nora: Connect Bitbucket" to an interactive form.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { median } from './stats.mjs';

export async function measureInHost(repoRoot, { windowLoads, formOpens }) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const out = (file) => require(path.join(repoRoot, 'out', 'test', file));
  const { startFakeBitbucket, demoAccount } = out('fakes/fakeBitbucket.js');
  const { startCodeServer } = out('e2e/support/codeServer.js');
  const { launchBrowser, openWorkbench } = out('e2e/support/browser.js');
  const { findPaletteRow, runCommand, statusBarItem, webviewFrame } = out('e2e/support/workbench.js');
  const { packageExtension } = out('e2e/support/vsix.js');
  const { waitForText } = out('e2e/support/waiting.js');

  const fake = await startFakeBitbucket({ accounts: [demoAccount()] });
  const server = await startCodeServer({ vsixPath: packageExtension(), machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl } });
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    for (let load = 0; load < windowLoads; load++) {
      await openWorkbench(page, server.url);
      await waitForText(statusBarItem(page, 'nora.nora-bitbucket.nora.bitbucket.status'), /Connect Bitbucket/, 60_000);
    }
    const activationMs = activationTimes(server.userDataDir);
    const requestsDuringActivation = fake.requests.length;

    const openMs = [];
    for (let open = 0; open < formOpens; open++) {
      const row = await findPaletteRow(page, 'Connect Bitbucket');
      const started = performance.now();
      await row.click();
      await webviewFrame(page).locator('#connection-state').filter({ hasText: 'Not connected.' }).waitFor();
      await webviewFrame(page).getByRole('button', { name: 'Connect', exact: true }).waitFor();
      openMs.push(performance.now() - started);
      await runCommand(page, 'View: Close All Editors');
    }
    return {
      windowLoads,
      activationMs: median(activationMs),
      activationSamples: activationMs.length,
      requestsDuringActivation,
      formOpens,
      formOpenMs: median(openMs),
    };
  } finally {
    await browser.close();
    await server.stop();
    await fake.close();
  }
}

/** Every "Activated in N ms." line of the extension's log channel, one per window load. */
function activationTimes(userDataDir) {
  const times = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('Nora Bitbucket.log')) {
        for (const [, ms] of readFileSync(file, 'utf8').matchAll(/Activated in (\d+) ms/g)) times.push(Number(ms));
      }
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return times;
}
