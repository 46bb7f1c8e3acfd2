// Tool overhead: bitbucket_get_pull_request as an agent's call runs it (input check, stored
// credentials, origin and scope checks, the client with its deadlines and schemas, the text for
// the model) against bare node-fetch of the URLs the tool asked for (the pull request, its
// diffstat, and the repository diffstat that one redirects to, each with the tool's `fields`),
// interleaved against the loopback fake.
import { builtModules } from './built.mjs';
import { alternate } from './stats.mjs';

export async function measureToolOverhead(repoRoot, requests, rounds) {
  const out = builtModules(repoRoot);
  const { BitbucketClient } = out('src/bitbucket/client.js');
  const { basicAuthorization } = out('src/bitbucket/credentials.js');
  const { runTool } = out('src/tools/toolRunner.js');
  const { connectedProfile } = out('test/support/toolHarness.js');
  const { startFakeBitbucket, demoAccount, DEMO_API_TOKEN } = out('test/fakes/fakeBitbucket.js');
  const { default: fetch } = await import('node-fetch');

  const account = demoAccount();
  const fake = await startFakeBitbucket({ accounts: [account] });
  try {
    const stored = { state: 'connected', profile: connectedProfile(fake.apiBaseUrl), secret: DEMO_API_TOKEN };
    const origins = { api: new URL(fake.apiBaseUrl).origin, git: 'https://bitbucket.org' };
    const deps = {
      listConnections: () => [stored.profile],
      activeConnection: () => stored.profile,
      readCredentials: async () => stored,
      createClient: () => ({ ok: true, client: new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 15_000, userAgent: 'nora-bench' }), origins }),
      readRemoteUrls: async () => [],
      isTrusted: () => true,
    };
    const input = { workspace: 'acme-eng', repository: 'widgets', id: 2 };
    const headers = {
      Accept: 'application/json',
      Authorization: basicAuthorization({ type: 'apiToken', restUsername: account.email, secret: DEMO_API_TOKEN }),
      'User-Agent': 'nora-bench',
    };
    const ours = async () => {
      const outcome = await runTool('bitbucket_get_pull_request', input, deps);
      if (!outcome.ok) throw new Error(`the benchmark's tool call failed: ${JSON.stringify(outcome.problem)}`);
    };
    // The same requests: the URLs the tool asked for, each with the fields it names (the pull
    // request, its diffstat, and the repository diffstat that one redirects to).
    await ours();
    const [pullRequest, diffstat, redirected] = fake.requests.slice(0, 3).map((request) => new URL(request.path, fake.apiBaseUrl).href);
    if (!pullRequest.includes('/pullrequests/2?') || !diffstat.includes('/pullrequests/2/diffstat?') || !redirected.includes('/diffstat/')) {
      throw new Error(`the tool asked for ${pullRequest}, ${diffstat} and ${redirected}`);
    }
    // The 302 is read, then its target asked for, as the client does. node-fetch's own following
    // aborts the 302's request, which closes its kept-alive socket, so every bare call left the tool
    // call after it a new connection to open, and the figure measured that.
    const bareGet = async (url, expectedStatus) => {
      const response = await fetch(url, { headers, redirect: 'manual' });
      await response.text();
      if (response.status !== expectedStatus) throw new Error(`${url} answered ${response.status}`);
    };
    const bare = async () => {
      await Promise.all([bareGet(pullRequest, 200), bareGet(diffstat, 302).then(() => bareGet(redirected, 200))]);
    };
    return await alternate(ours, bare, requests, rounds);
  } finally {
    await fake.close();
  }
}
