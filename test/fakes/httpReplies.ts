import type { ServerResponse } from 'node:http';

export const JSON_TYPE = 'application/json; charset=utf-8';
export const TEXT_TYPE = 'text/plain; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

/** Answers with `body` and its length; no content type when `type` is undefined. */
export function send(res: ServerResponse, status: number, type: string | undefined, body: string, extra: Record<string, string> = {}): void {
  const headers: Record<string, string | number> = { ...extra, 'content-length': Buffer.byteLength(body) };
  if (type) headers['content-type'] = type;
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void {
  send(res, status, JSON_TYPE, JSON.stringify(body), extra);
}
