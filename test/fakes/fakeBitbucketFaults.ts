/**
 * Named faults for the fake Bitbucket Cloud server (test code only).
 *
 * A fault set with `setFault` answers EVERY following request, on any path and method,
 * whatever the credentials (valid, wrong or missing), until `setFault(undefined)`.
 * The "ok-*" faults send a 200 user-like body built from the authenticated account when the
 * credentials are valid, otherwise from the first registered account (or the demo account).
 */
import type { ServerResponse } from 'node:http';
import { errorBody, INVALID_TOKEN_MESSAGE, userBody, type FakeAccount } from './fakeBitbucketBodies';
import { HTML_TYPE, JSON_TYPE, send, sendJson, TEXT_TYPE } from './httpReplies';

export type DisplayNameVariant = 'emoji' | 'rtl' | 'long';

export type FakeFault =
  /** 401, JSON error body (the usual "Token is invalid..." message). */
  | { kind: 'unauthorized-json' }
  /** 401, empty body. */
  | { kind: 'unauthorized-empty' }
  /** 401, `text/plain` body. */
  | { kind: 'unauthorized-text' }
  /** 403 JSON error whose `x-oauth-scopes` is `oauthScopes` verbatim (default lacks read:user). */
  | { kind: 'forbidden-scopes'; oauthScopes?: string }
  /** 404 JSON error. */
  | { kind: 'not-found' }
  /** 410 Gone, JSON error with `data.announcement_url`. */
  | { kind: 'gone'; announcementUrl?: string }
  /** 429, `text/plain` body, no `Retry-After`. */
  | { kind: 'rate-limited' }
  /** 500 JSON error. */
  | { kind: 'server-error' }
  /** 502 with an HTML body (a proxy page). */
  | { kind: 'bad-gateway-html' }
  /** 503 JSON error. */
  | { kind: 'service-unavailable' }
  /** 200 `application/json` whose body is not JSON. */
  | { kind: 'ok-not-json' }
  /** 200 JSON `{"type":"user","display_name":42}`: does not fit the spec. */
  | { kind: 'ok-schema-mismatch' }
  /** 200 valid JSON of `bytes` bytes (default 10 MiB), chunked, no Content-Length. */
  | { kind: 'ok-huge-body'; bytes?: number }
  /** 200 user body whose display_name is emoji, right-to-left text (with a bidi override) or 500 chars. */
  | { kind: 'ok-display-name'; variant: DisplayNameVariant }
  /** 200 user body with `has_2fa_enabled: null` (seen in real responses). */
  | { kind: 'ok-2fa-null' }
  /** Accept the request and never answer; `close()` ends it. */
  | { kind: 'hang' }
  /** 200 with Content-Length, send half the body, then destroy the socket. */
  | { kind: 'drop-mid-body' }
  /** Redirect to `location` (for example another loopback server). */
  | { kind: 'redirect'; status: 301 | 302 | 307; location: string };

export const DISPLAY_NAMES: Record<DisplayNameVariant, string> = {
  emoji: 'Nora 👩🏽‍💻 Dev 🚀🇳🇴',
  rtl: 'נורה מפתחת نورا \u202Egnp.exe\u202C',
  long: 'N'.repeat(500),
};

export const DEFAULT_FORBIDDEN_SCOPES = ' read:repository:bitbucket,  write:repository:bitbucket ';
export const DEFAULT_ANNOUNCEMENT_URL =
  'https://www.atlassian.com/blog/bitbucket/bitbucket-cloud-transitions-to-api-tokens';

/** Answer `res` according to `fault`. `account` feeds the 200 bodies; `scopeHeaders` its x-* headers. */
export function sendFault(
  fault: FakeFault,
  res: ServerResponse,
  account: FakeAccount,
  apiBaseUrl: string,
  scopeHeaders: Record<string, string>,
): void {
  const user = (): Record<string, unknown> => userBody(account, apiBaseUrl);
  switch (fault.kind) {
    case 'unauthorized-json':
      return sendJson(res, 401, errorBody(INVALID_TOKEN_MESSAGE));
    case 'unauthorized-empty':
      return send(res, 401, undefined, '');
    case 'unauthorized-text':
      return send(res, 401, TEXT_TYPE, 'Unauthorized');
    case 'forbidden-scopes':
      return sendJson(res, 403, errorBody('Your credentials lack one or more required privilege scopes.'), {
        ...scopeHeaders,
        'x-oauth-scopes': fault.oauthScopes ?? DEFAULT_FORBIDDEN_SCOPES,
      });
    case 'not-found':
      return sendJson(res, 404, errorBody('Resource not found'));
    case 'gone':
      return sendJson(res, 410, errorBody('This API is no longer available.', {
        announcement_url: fault.announcementUrl ?? DEFAULT_ANNOUNCEMENT_URL,
      }));
    case 'rate-limited':
      return send(res, 429, TEXT_TYPE, 'Rate limit for this resource has been exceeded');
    case 'server-error':
      return sendJson(res, 500, errorBody('Something went wrong'));
    case 'bad-gateway-html':
      return send(res, 502, HTML_TYPE,
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>');
    case 'service-unavailable':
      return sendJson(res, 503, errorBody('Service unavailable'));
    case 'ok-not-json':
      return send(res, 200, JSON_TYPE, '<html><body>Welcome to the captive portal</body></html>', scopeHeaders);
    case 'ok-schema-mismatch':
      return sendJson(res, 200, { type: 'user', display_name: 42 }, scopeHeaders);
    case 'ok-huge-body':
      return sendHuge(res, fault.bytes ?? 10 * 1024 * 1024, scopeHeaders);
    case 'ok-display-name':
      return sendJson(res, 200, { ...user(), display_name: DISPLAY_NAMES[fault.variant] }, scopeHeaders);
    case 'ok-2fa-null':
      return sendJson(res, 200, { ...user(), has_2fa_enabled: null }, scopeHeaders);
    case 'hang':
      return; // never answer; the server's close() destroys the socket
    case 'drop-mid-body': {
      const body = Buffer.from(JSON.stringify(user()));
      res.writeHead(200, { ...scopeHeaders, 'content-type': JSON_TYPE, 'content-length': body.length });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    case 'redirect':
      return send(res, fault.status, TEXT_TYPE, `Redirecting to ${fault.location}`, { location: fault.location });
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
    }
  }
}

/** Valid JSON of exactly `bytes` bytes (when bytes is large enough), sent chunked. */
function sendHuge(res: ServerResponse, bytes: number, scopeHeaders: Record<string, string>): void {
  const head = '{"type":"user","display_name":"Huge","padding":"';
  const tail = '"}';
  res.writeHead(200, { ...scopeHeaders, 'content-type': JSON_TYPE });
  res.write(head);
  const chunk = 'x'.repeat(1024 * 1024);
  let left = Math.max(0, bytes - head.length - tail.length);
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    res.write(n === chunk.length ? chunk : chunk.slice(0, n));
    left -= n;
  }
  res.end(tail);
}
