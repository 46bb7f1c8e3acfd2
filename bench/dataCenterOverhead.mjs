// Connect and Test on the Data Center path (issue 24): `ConnectionService.connect()` and `test()`
// with a personal token, as the form and the status bar run them (validation, the Server URL
// check, the client, parsing, the X-AUSERNAME check, storage), each against bare node-fetch of the
// same three requests in the same order (application-properties without the token, then projects
// and the user with it), alternating against the loopback fake.
import { builtModules } from './built.mjs';
import { alternate } from './stats.mjs';

export async function measureDataCenterOverhead(repoRoot, requests, rounds) {
  const out = builtModules(repoRoot);
  const { BitbucketClient } = out('src/bitbucket/client.js');
  const { ConnectionService } = out('src/connection/connectionService.js');
  const { dataCenterApiBaseUrl } = out('src/connection/serverUrl.js');
  const { memoryStores, sequentialIds } = out('test/support/memoryStores.js');
  const { startFakeDataCenter, DEMO_DC_PERSONAL_TOKEN } = out('test/fakes/fakeDataCenter.js');
  const { default: fetch } = await import('node-fetch');

  const fake = await startFakeDataCenter({ demo: true });
  try {
    const apiBaseUrl = dataCenterApiBaseUrl(fake.serverUrl);
    const client = new BitbucketClient({ apiBaseUrl, timeoutMs: 15_000, userAgent: 'nora-bench' });
    const origin = new URL(fake.serverUrl).origin;
    const service = new ConnectionService({
      ...memoryStores(),
      createClient: () => ({ ok: true, client, origins: { api: origin, git: origin } }),
      now: () => new Date(),
      newCredentialId: sequentialIds,
      changed: async () => undefined,
    });
    const form = { credentialType: 'dataCenter', serverUrl: fake.serverUrl, secret: DEMO_DC_PERSONAL_TOKEN };
    const succeeds = (action) => async () => {
      const outcome = await action();
      if (!outcome.ok) throw new Error(`the benchmark's Data Center call failed: ${JSON.stringify(outcome.failure)}`);
    };
    const headers = { Accept: 'application/json', 'User-Agent': 'nora-bench' };
    const withToken = { ...headers, Authorization: `Bearer ${DEMO_DC_PERSONAL_TOKEN}` };
    const bare = async () => {
      await (await fetch(`${apiBaseUrl}/application-properties`, { headers })).text();
      const projects = await fetch(`${apiBaseUrl}/projects?limit=1`, { headers: withToken });
      await projects.text();
      await (await fetch(`${apiBaseUrl}/users/${encodeURIComponent(projects.headers.get('x-ausername'))}`, { headers: withToken })).text();
    };
    const connect = await alternate(succeeds(() => service.connect(form)), bare, requests, rounds);
    const test = await alternate(succeeds(() => service.test()), bare, requests, rounds);
    return { connect, test, requestsPerCall: 3 };
  } finally {
    await fake.close();
  }
}
