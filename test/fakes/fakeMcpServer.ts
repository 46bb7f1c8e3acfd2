/**
 * A loopback fake of Atlassian's remote MCP server (Streamable HTTP transport), for tests and the
 * demo (never shipped). Hand-written, only what an MCP client needs to list and call tools:
 *
 *   POST /v1/mcp  JSON-RPC `initialize` (opens a session: `Mcp-Session-Id`), `notifications/initialized`
 *                 (202), `tools/list`, `tools/call`, `ping`; answers `application/json`, which the
 *                 transport allows when the client accepts both JSON and an event stream.
 *   GET  /v1/mcp  405: this server offers no server-to-client stream.
 *   DELETE        ends the session (204).
 *
 * Authentication follows Atlassian's docs for API tokens: `Authorization: Basic base64(email:token)`.
 * Unknown credentials get 401; a known account whose organisation has not allowed API-token access
 * gets 403. Every request is recorded with its Authorization header, so tests can see what was sent.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from './httpReplies';

export const mcpPath = '/v1/mcp';

export interface FakeMcpAccount {
  email: string;
  token: string;
  /** `false`: the organisation admin has not allowed API-token access (403). */
  apiTokenAccessAllowed: boolean;
}

export interface RecordedMcpRequest {
  httpMethod: string;
  /** The JSON-RPC method, when the body had one. */
  rpcMethod?: string;
  authorization?: string;
  userAgent?: string;
  sessionId?: string;
  status: number;
}

export interface FakeMcpServer {
  /** `http://127.0.0.1:PORT/v1/mcp`. */
  readonly url: string;
  readonly requests: RecordedMcpRequest[];
  readonly accounts: FakeMcpAccount[];
  close(): Promise<void>;
}

export const fakeMcpTools = [
  {
    name: 'listBitbucketRepositories',
    description: 'Lists the repositories of a Bitbucket Cloud workspace.',
    inputSchema: { type: 'object', properties: { workspace: { type: 'string' } }, required: ['workspace'] },
  },
  {
    name: 'getBitbucketPullRequest',
    description: 'Reads one pull request of a Bitbucket Cloud repository.',
    inputSchema: {
      type: 'object',
      properties: { workspace: { type: 'string' }, repository: { type: 'string' }, id: { type: 'number' } },
      required: ['workspace', 'repository', 'id'],
    },
  },
];

type JsonRpcRequest = { jsonrpc: '2.0'; id?: string | number; method: string; params?: Record<string, unknown> };

function accountFor(accounts: readonly FakeMcpAccount[], authorization: string | undefined): FakeMcpAccount | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  return accounts.find((account) => decoded === `${account.email}:${account.token}`);
}

function answer(request: JsonRpcRequest): unknown {
  switch (request.method) {
    case 'initialize':
      return {
        protocolVersion: typeof request.params?.protocolVersion === 'string' ? request.params.protocolVersion : '2025-06-18',
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: 'fake-atlassian-mcp', version: '1.0.0' },
      };
    case 'ping':
      return {};
    case 'tools/list':
      return { tools: fakeMcpTools };
    case 'tools/call': {
      const name = String(request.params?.name);
      if (!fakeMcpTools.some((tool) => tool.name === name)) return { content: [{ type: 'text', text: `Unknown tool ${name}` }], isError: true };
      return { content: [{ type: 'text', text: `${name} called with ${JSON.stringify(request.params?.arguments ?? {})}` }] };
    }
    default:
      return undefined;
  }
}

export async function startFakeMcpServer(accounts: FakeMcpAccount[], host = '127.0.0.1'): Promise<FakeMcpServer> {
  const requests: RecordedMcpRequest[] = [];
  const sessions = new Set<string>();

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    const recorded: RecordedMcpRequest = { httpMethod: req.method ?? '', status: 0 };
    if (req.headers.authorization !== undefined) recorded.authorization = req.headers.authorization;
    if (req.headers['user-agent'] !== undefined) recorded.userAgent = req.headers['user-agent'];
    const sessionHeader = req.headers['mcp-session-id'];
    if (typeof sessionHeader === 'string') recorded.sessionId = sessionHeader;
    requests.push(recorded);
    const reply = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      recorded.status = status;
      if (payload === undefined) {
        res.writeHead(status, headers);
        res.end();
      } else sendJson(res, status, payload, headers);
    };

    let parsed: JsonRpcRequest | undefined;
    try {
      parsed = req.method === 'POST' ? (JSON.parse(body) as JsonRpcRequest) : undefined;
    } catch {
      return reply(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    if (parsed?.method) recorded.rpcMethod = parsed.method;
    if ((req.url ?? '').split('?')[0] !== mcpPath) return reply(404, { error: 'Not found' });

    const account = accountFor(accounts, req.headers.authorization);
    if (!account) return reply(401, { error: 'unauthorized', message: 'The API token or email is not valid.' });
    if (!account.apiTokenAccessAllowed) {
      return reply(403, { error: 'forbidden', message: 'Authentication via API token is disabled for this organization.' });
    }
    if (req.method === 'GET') return reply(405, undefined, { allow: 'POST, DELETE' });
    if (req.method === 'DELETE') {
      if (typeof sessionHeader === 'string') sessions.delete(sessionHeader);
      return reply(204);
    }
    if (req.method !== 'POST' || !parsed) return reply(405, undefined, { allow: 'POST, DELETE' });

    if (parsed.method === 'initialize') {
      const sessionId = randomUUID();
      sessions.add(sessionId);
      return reply(200, { jsonrpc: '2.0', id: parsed.id, result: answer(parsed) }, { 'mcp-session-id': sessionId });
    }
    if (typeof sessionHeader !== 'string' || !sessions.has(sessionHeader)) {
      return reply(404, { jsonrpc: '2.0', id: parsed.id ?? null, error: { code: -32001, message: 'Session not found' } });
    }
    if (parsed.id === undefined) return reply(202); // a notification
    const result = answer(parsed);
    if (result === undefined) return reply(200, { jsonrpc: '2.0', id: parsed.id, error: { code: -32601, message: 'Method not found' } });
    return reply(200, { jsonrpc: '2.0', id: parsed.id, result });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}${mcpPath}`,
    requests,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
