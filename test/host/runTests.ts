// `npm run test:host`: the extension-host tests through @vscode/test-electron, with our launcher
// standing in for the desktop VS Code that cannot be downloaded here.
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/repoRoot';

runTests({
  vscodeExecutablePath: path.join(repoRoot, 'test', 'host', 'code-launcher.sh'),
  // The second one stands for any other extension that wants the Bitbucket token.
  extensionDevelopmentPath: [repoRoot, path.join(repoRoot, 'test', 'consumer-extension')],
  extensionTestsPath: path.join(repoRoot, 'out', 'test', 'host', 'index.js'),
  reuseMachineInstall: true, // the launcher makes fresh profile directories itself
}).catch((error: unknown) => {
  console.error(`host tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
