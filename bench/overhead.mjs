// Test overhead: what a click on the status bar runs, `ConnectionService.test()` (storage reads,
// the client, parsing, the workspace check, the scope check), against bare node-fetch calls of
// the same two requests with the same headers, interleaved A B A B against the loopback fake.
import { builtModules } from './built.mjs';
import { alternate } from './stats.mjs';

export async function measureOverhead(repoRoot, requests, rounds) {
  const out = builtModules(repoRoot);
  const { BitbucketClient } = out('src/bitbucket/client.js');
  const { basicAuthorization } = out('src/bitbucket/credentials.js');
  const { ConnectionService } = out('src/connection/connectionService.js');
  const { originsOf } = out('src/connection/origins.js');
  const { memoryStores, sequentialIds } = out('test/support/memoryStores.js');
  const { startFakeBitbucket, demoAccount, DEMO_API_TOKEN } = out('test/fakes/fakeBitbucket.js');
  const { default: fetch } = await import('node-fetch');

  const account = demoAccount();
  const workspace = Object.keys(account.workspaces)[0];
  const fake = await startFakeBitbucket({ accounts: [account] });
  try {
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 15_000, userAgent: 'nora-bench' });
    const service = new ConnectionService({
      ...memoryStores(),
      createClient: () => ({ ok: true, client, origins: originsOf({ apiBaseUrl: fake.apiBaseUrl, gitBaseUrl: 'https://bitbucket.org' }) }),
      now: () => new Date(),
      newCredentialId: sequentialIds,
      // No views to redraw here, as in the extension before the form opens.
      changed: async () => undefined,
    });
    const form = { credentialType: 'apiToken', email: account.email, secret: DEMO_API_TOKEN, workspace };
    const connected = await service.connect(form);
    if (!connected.ok) throw new Error(`the benchmark could not connect: ${JSON.stringify(connected.failure)}`);

    const headers = {
      Accept: 'application/json',
      Authorization: basicAuthorization({ type: 'apiToken', restUsername: account.email, secret: DEMO_API_TOKEN }),
      'User-Agent': 'nora-bench',
    };
    const ours = async () => {
      const outcome = await service.test();
      if (!outcome.ok) throw new Error(`the benchmark's test failed: ${JSON.stringify(outcome.failure)}`);
    };
    const bare = async () => {
      for (const url of [`${fake.apiBaseUrl}/user`, `${fake.apiBaseUrl}/user/workspaces/${workspace}/permission`]) {
        const response = await fetch(url, { headers });
        await response.text();
      }
    };
    return { ...(await alternate(ours, bare, requests, rounds)), requestsPerTest: 2 };
  } finally {
    await fake.close();
  }
}
