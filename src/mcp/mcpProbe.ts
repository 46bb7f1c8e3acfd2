import fetch, { type Response } from 'node-fetch';
import * as z from 'zod/mini';

const maxResponseBytes = 1024 * 1024;
const protocolVersion = '2025-06-18';

export interface McpProbeRequest {
  readonly url: string;
  readonly authorization: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
}

export type McpProbeFailure =
  | { readonly kind: 'unauthorized' | 'forbidden' | 'notFound' | 'redirect' | 'status'; readonly status: number }
  | { readonly kind: 'timeout' | 'unreachable' | 'invalidResponse' };

export type McpProbeResult = { readonly ok: true; readonly toolNames: readonly string[] } | { readonly ok: false; readonly failure: McpProbeFailure };

const rpcResponseSchema = z.object({ id: z.optional(z.union([z.string(), z.number(), z.null()])), result: z.optional(z.unknown()), error: z.optional(z.unknown()) });
const initializeResultSchema = z.object({ protocolVersion: z.string() });
const toolsListResultSchema = z.object({ tools: z.array(z.object({ name: z.string() })) });

class ProbeFailed extends Error {
  constructor(readonly failure: McpProbeFailure) {
    super(failure.kind);
  }
}

/**
 * What "Nora: Start Bitbucket MCP Server" checks before asking VS Code to start the server: the
 * MCP handshake and `tools/list` over Streamable HTTP, so a failure can be told in plain words
 * (VS Code's own client only shows it in the MCP output). Redirects are never followed, so the
 * Authorization header only reaches the configured URL.
 */
export async function probeMcpServer(request: McpProbeRequest): Promise<McpProbeResult> {
  const deadline = AbortSignal.timeout(request.timeoutMs);
  let sessionId: string | undefined;
  let nextId = 1;
  const send = async (method: string, params: unknown, id?: number) => {
    const body = JSON.stringify(id === undefined ? { jsonrpc: '2.0', method, params } : { jsonrpc: '2.0', id, method, params });
    const response = await sendRequest(request, deadline, 'POST', sessionId, body);
    sessionId ??= response.headers.get('mcp-session-id') ?? undefined;
    return response;
  };
  const call = async (method: string, params: unknown): Promise<unknown> => {
    const id = nextId++;
    return readResult(await send(method, params, id), id);
  };
  const notify = async (method: string): Promise<void> => {
    await (await send(method, {})).arrayBuffer();
  };
  try {
    if (!initializeResultSchema.safeParse(await call('initialize', initializeParams())).success) throw invalid();
    await notify('notifications/initialized');
    const tools = toolsListResultSchema.safeParse(await call('tools/list', {}));
    if (!tools.success) throw invalid();
    return { ok: true, toolNames: tools.data.tools.map((tool) => tool.name) };
  } catch (error) {
    if (error instanceof ProbeFailed) return { ok: false, failure: error.failure };
    if (deadline.aborted) return { ok: false, failure: { kind: 'timeout' } };
    return { ok: false, failure: { kind: 'unreachable' } };
  } finally {
    // End the session politely; its outcome does not matter.
    if (sessionId) await sendRequest(request, AbortSignal.timeout(2000), 'DELETE', sessionId).catch(() => undefined);
  }
}

function initializeParams() {
  return { protocolVersion, capabilities: {}, clientInfo: { name: 'nora-bitbucket-probe', version: '1' } };
}

async function sendRequest(request: McpProbeRequest, signal: AbortSignal, method: string, sessionId: string | undefined, body?: string): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: 'application/json, text/event-stream',
    Authorization: request.authorization,
    'User-Agent': request.userAgent,
    'MCP-Protocol-Version': protocolVersion,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (sessionId) headers['Mcp-Session-Id'] = sessionId;
  const response = await fetch(request.url, { method, headers, body, redirect: 'manual', size: maxResponseBytes, signal });
  if (response.ok) return response;
  await response.arrayBuffer().catch(() => undefined);
  throw new ProbeFailed(failureForStatus(response.status));
}

export function failureForStatus(status: number): McpProbeFailure {
  if (status === 401) return { kind: 'unauthorized', status };
  if (status === 403) return { kind: 'forbidden', status };
  if (status === 404) return { kind: 'notFound', status };
  if (status >= 300 && status < 400) return { kind: 'redirect', status };
  return { kind: 'status', status };
}

/** The answer to request `id`, sent as JSON or as the event stream the transport also allows. */
async function readResult(response: Response, id: number): Promise<unknown> {
  const text = await response.text();
  const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  for (const candidate of isStream ? eventData(text) : [text]) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const parsed = rpcResponseSchema.safeParse(value);
    if (parsed.success && parsed.data.id === id) {
      if (parsed.data.error !== undefined || parsed.data.result === undefined) throw invalid();
      return parsed.data.result;
    }
  }
  throw invalid();
}

/** The `data:` payload of each event (one event's lines joined by newlines). */
export function eventData(stream: string): string[] {
  return stream
    .split(/\r?\n\r?\n/)
    .map((event) =>
      event
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '');
}

const invalid = () => new ProbeFailed({ kind: 'invalidResponse' });
