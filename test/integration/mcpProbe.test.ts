import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basicAuthorization } from '../../src/bitbucket/credentials';
import { probeMcpServer } from '../../src/mcp/mcpProbe';
import { fakeMcpTools, startFakeMcpServer, type FakeMcpServer } from '../fakes/fakeMcpServer';

const email = 'dev@example.com';
const token = 'mcp-test-token';
const authorization = (secret: string, user = email) => basicAuthorization({ type: 'apiToken', restUsername: user, secret });

describe('MCP probe against the loopback fake MCP server', () => {
  let fake: FakeMcpServer;
  before(async () => {
    fake = await startFakeMcpServer([
      { email, token, apiTokenAccessAllowed: true },
      { email: 'blocked@example.com', token, apiTokenAccessAllowed: false },
    ]);
  });
  after(() => fake.close());
  afterEach(() => (fake.requests.length = 0));

  const probe = (auth: string, url = fake.url, timeoutMs = 3000) => probeMcpServer({ url, authorization: auth, timeoutMs, userAgent: 'test' });

  it('initializes, lists the tools and ends the session, with Basic base64(email:token) on every request', async () => {
    const result = await probe(authorization(token));
    assert.deepEqual(result, { ok: true, toolNames: fakeMcpTools.map((tool) => tool.name) });
    assert.deepEqual(
      fake.requests.map((request) => request.rpcMethod ?? request.httpMethod),
      ['initialize', 'notifications/initialized', 'tools/list', 'DELETE'],
    );
    assert.ok(fake.requests.every((request) => request.authorization === authorization(token)));
    assert.ok(fake.requests.slice(1).every((request) => request.sessionId && request.status < 300));
  });

  it('tells a wrong token (401) from an organisation that has not allowed API tokens (403)', async () => {
    assert.deepEqual(await probe(authorization('wrong')), { ok: false, failure: { kind: 'unauthorized', status: 401 } });
    assert.deepEqual(await probe(authorization(token, 'blocked@example.com')), { ok: false, failure: { kind: 'forbidden', status: 403 } });
    assert.equal(fake.requests.length, 2, 'nothing after the refused initialize');
  });

  it('says unreachable for a closed port, and timeout for a server that never answers', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    assert.deepEqual(await probe(authorization(token), `http://127.0.0.1:${port}/v1/mcp`), { ok: false, failure: { kind: 'unreachable' } });

    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1/mcp`;
      assert.deepEqual(await probe(authorization(token), url, 300), { ok: false, failure: { kind: 'timeout' } });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('never follows a redirect, and reads an answer sent as an event stream', async () => {
    const seenElsewhere: string[] = [];
    const server = http.createServer((req, res) => {
      if (req.url === '/moved') {
        res.writeHead(307, { location: '/elsewhere' }).end();
        return;
      }
      if (req.url === '/elsewhere') seenElsewhere.push(req.headers.authorization ?? '');
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { id?: number; method?: string };
        if (body.id === undefined) return void res.writeHead(202).end();
        const result = body.method === 'initialize' ? { protocolVersion: '2025-06-18' } : { tools: [{ name: 'streamedTool' }] };
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: body.id, result })}\n\n`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      assert.deepEqual(await probe(authorization(token), `${base}/moved`), { ok: false, failure: { kind: 'redirect', status: 307 } });
      assert.deepEqual(seenElsewhere, []);
      assert.deepEqual(await probe(authorization(token), `${base}/stream`), { ok: true, toolNames: ['streamedTool'] });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('refuses a server that does not speak MCP', async () => {
    const result = await probe(authorization(token), fake.url.replace('/v1/mcp', '/elsewhere'));
    assert.deepEqual(result, { ok: false, failure: { kind: 'notFound', status: 404 } });
  });
});
