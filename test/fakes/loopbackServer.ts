/** Plumbing shared by the loopback fakes: listening, recording requests, closing (test code only). */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendJson } from './httpReplies';

export interface RecordedRequest {
  method: string;
  /** The raw request target, query string included (for example `/2.0/user`). */
  path: string;
  authorization?: string;
  userAgent?: string;
  accept?: string;
  range?: string;
  contentType?: string;
  /** The request body, for POSTs. */
  body?: string;
  /** The client closed the connection before the answer was sent (it aborted the request). */
  abandoned?: true;
}

export function recordRequest(req: http.IncomingMessage): RecordedRequest {
  const r: RecordedRequest = { method: req.method ?? '', path: req.url ?? '' };
  if (req.headers.authorization !== undefined) r.authorization = req.headers.authorization;
  if (req.headers['user-agent'] !== undefined) r.userAgent = req.headers['user-agent'];
  if (req.headers.accept !== undefined) r.accept = req.headers.accept;
  if (req.headers.range !== undefined) r.range = req.headers.range;
  if (req.headers['content-type'] !== undefined) r.contentType = req.headers['content-type'];
  return r;
}

export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stop listening and destroy every socket, idle, busy or hanging. Safe to call twice. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      server.closeAllConnections();
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface CountingServer {
  /** `http://127.0.0.1:PORT/elsewhere`: a different origin from the fake. */
  readonly url: string;
  /** Every request received, for checking that no Authorization header arrived. */
  readonly requests: RecordedRequest[];
  count(): number;
  close(): Promise<void>;
}

/** A second loopback server that answers 200 to anything and counts what it gets. */
export async function startCountingServer(): Promise<CountingServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push(recordRequest(req));
    req.resume();
    sendJson(res, 200, { type: 'elsewhere', ok: true });
  });
  await listen(server, 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/elsewhere`,
    requests,
    count: () => requests.length,
    close: () => closeServer(server),
  };
}
