import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BitbucketClient } from '../../src/bitbucket/client';
import { BitbucketError } from '../../src/bitbucket/errors';

describe('BitbucketClient against a TLS server with a self-signed certificate', () => {
  let server: https.Server;
  let requests = 0;
  let baseUrl: string;

  before(async function () {
    const dir = mkdtempSync(path.join(tmpdir(), 'nora-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      const key = readFileSync(path.join(dir, 'key.pem'));
      const cert = readFileSync(path.join(dir, 'cert.pem'));
      server = https.createServer({ key, cert }, (_request, response) => {
        requests++;
        response.end('{}');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as { port: number }).port}/2.0`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  it('refuses the certificate and points to VS Code proxy and certificate settings', async () => {
    const client = new BitbucketClient({ apiBaseUrl: baseUrl, timeoutMs: 5000, userAgent: 'test' });
    const error = await client.getCurrentUser({ type: 'apiToken', restUsername: 'dev@example.com', secret: 's3cret' }).then(
      () => assert.fail('a self-signed certificate was accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BitbucketError);
    assert.equal(error.kind, 'certificate');
    assert.match(error.message, /http\.proxy.*http\.systemCertificates/);
    assert.equal(requests, 0, 'the request reached the server');
  });

  it("a Data Center server signed by a private authority: the sentence points at the system's trusted certificates, and the token was never sent", async () => {
    const server = baseUrl.replace(/\/2\.0$/, '');
    const client = new BitbucketClient({ apiBaseUrl: `${server}/rest/api/latest`, timeoutMs: 5000, userAgent: 'test' });
    const error = await client.identifyDataCenterToken({ type: 'dataCenter', restUsername: '', secret: 's3cret' }, undefined).then(
      () => assert.fail('a self-signed certificate was accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BitbucketError);
    assert.equal(error.kind, 'certificate');
    assert.match(error.message, /company's own certificate authority .* trusted certificates .*http\.systemCertificates/);
    assert.equal(requests, 0, 'the request reached the server');
  });
});
