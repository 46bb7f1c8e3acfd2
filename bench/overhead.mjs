// Test overhead: the extension's connection test (client, parsing, scope check) against a bare
// node-fetch of the same URL with the same headers, interleaved A B A B against the loopback fake.
import { createRequire } from 'node:module';
import path from 'node:path';
import { median } from './stats.mjs';

export async function measureOverhead(repoRoot, requests) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const out = (file) => path.join(repoRoot, 'out', file);
  const { BitbucketClient, basicAuthorization } = require(out('src/bitbucket/client.js'));
  const { checkScopes } = require(out('src/bitbucket/scopes.js'));
  const { startFakeBitbucket, demoAccount, DEMO_API_TOKEN } = require(out('test/fakes/fakeBitbucket.js'));
  const { default: fetch } = await import('node-fetch');

  const fake = await startFakeBitbucket({ accounts: [demoAccount()] });
  try {
    const credentials = { type: 'apiToken', restUsername: 'dev@example.com', secret: DEMO_API_TOKEN };
    const client = new BitbucketClient({ apiBaseUrl: fake.apiBaseUrl, timeoutMs: 15_000, userAgent: 'nora-bench' });
    const headers = { Accept: 'application/json', Authorization: basicAuthorization(credentials), 'User-Agent': 'nora-bench' };
    const ours = async () => {
      const { grantedScopes } = await client.getCurrentUser(credentials);
      checkScopes('apiToken', false, grantedScopes);
    };
    const bare = async () => {
      const response = await fetch(`${fake.apiBaseUrl}/user`, { headers });
      await response.text();
    };
    for (let i = 0; i < 20; i++) await Promise.all([ours(), bare()]); // warm-up, not counted
    const oursMs = [];
    const bareMs = [];
    for (let i = 0; i < requests; i++) {
      oursMs.push(await timed(ours));
      bareMs.push(await timed(bare));
    }
    const extension = median(oursMs);
    const baseline = median(bareMs);
    return { requests, extensionMedianMs: extension, bareFetchMedianMs: baseline, ratio: extension / baseline };
  } finally {
    fake.requests.length = 0;
    await fake.close();
  }
}

async function timed(run) {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
