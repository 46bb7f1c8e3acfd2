// `npm run demo`: the built extension in code-server at http://127.0.0.1:8080, with a loopback
// fake Bitbucket, git server and MCP server, and a fake Bitbucket Data Center, so a newcomer can
// try the product with no Bitbucket account.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_API_TOKEN, demoAccount, startFakeBitbucket } from '../fakes/fakeBitbucket';
import { DEMO_DC_PERSONAL_TOKEN, DEMO_DC_PROJECT_TOKEN, startFakeDataCenter } from '../fakes/fakeDataCenter';
import { createBareRepository } from '../fakes/gitCommands';
import { startFakeMcpServer } from '../fakes/fakeMcpServer';
import { startGitHttpServer } from '../fakes/gitHttpServer';
import { startCodeServer } from '../e2e/support/codeServer';
import { packageExtension } from '../e2e/support/vsix';

async function main(): Promise<void> {
  const account = demoAccount();
  const fake = await startFakeBitbucket({ accounts: [account] });
  const gitRoot = mkdtempSync(path.join(os.tmpdir(), 'nora-demo-git-'));
  await createBareRepository(gitRoot, 'acme-eng/demo-repo.git');
  const git = await startGitHttpServer({ projectRoot: gitRoot, username: account.username, password: DEMO_API_TOKEN });
  const dataCenter = await startFakeDataCenter({ demo: true });
  const mcp = await startFakeMcpServer([{ email: account.email ?? '', token: DEMO_API_TOKEN, apiTokenAccessAllowed: true }]);
  const server = await startCodeServer({
    vsixPath: packageExtension(),
    port: Number(process.env.NORA_DEMO_PORT ?? 8080),
    machineSettings: { 'nora.bitbucket.apiBaseUrl': fake.apiBaseUrl, 'nora.bitbucket.gitBaseUrl': git.url, 'nora.bitbucket.mcpUrl': mcp.url },
  });
  console.log(`
Nora: Bitbucket demo — open ${server.url}

  1. F1 → "Nora: Connect Bitbucket", keep "API token", and enter
       Atlassian account email: ${account.email}
       API token:               ${DEMO_API_TOKEN}   (a demo value for the local fake, not a real secret)
       Workspace:               acme-eng
  2. The status bar shows "${account.displayName}"; click it to test again.
  3. F1 → "Nora: New Agent Terminal (Bitbucket)", then try
       echo $BITBUCKET_USERNAME
       git clone ${git.url}/acme-eng/demo-repo.git
  4. F1 → "Nora: Start Bitbucket MCP Server", then "MCP: List Servers" shows "Bitbucket (Nora)".
  5. Data Center: Connect again, choose "Data Center (HTTP access token)", and enter
       Server URL:        ${dataCenter.serverUrl}
       HTTP access token: ${DEMO_DC_PERSONAL_TOKEN}   (Jane Doe's personal token; or the project
                          token ${DEMO_DC_PROJECT_TOKEN})
       Project key:       PROJ
     then in a new agent terminal: git clone "$BITBUCKET_SERVER_URL/scm/PROJ/widgets.git"

Fake Bitbucket API: ${fake.apiBaseUrl}   fake git host: ${git.url}   fake MCP server: ${mcp.url}
Fake Bitbucket Data Center: ${dataCenter.serverUrl}
Press Ctrl+C to stop.`);

  const stop = async (): Promise<void> => {
    await server.stop();
    await git.close();
    await mcp.close();
    await fake.close();
    await dataCenter.close();
    rmSync(gitRoot, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
