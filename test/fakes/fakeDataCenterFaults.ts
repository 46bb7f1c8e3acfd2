/**
 * Named faults for the fake Bitbucket Data Center server (test code only).
 *
 * A fault set with `setFault` answers EVERY following request (REST and git, any path and method,
 * whatever the credentials) until `setFault(undefined)`. `no-ausername` and `ausername-hostile`
 * keep the normal answers and change only the `X-AUSERNAME` header (see fakeDataCenter.ts).
 */
import type { ServerResponse } from 'node:http';
import { AUTH_FAILED_MESSAGE, restErrors } from './fakeDataCenterBodies';
import { HTML_TYPE, JSON_TYPE, send, sendJson, TEXT_TYPE } from './httpReplies';

export type FakeDataCenterFault =
  /** 401 RestErrors with `WWW-Authenticate: Basic realm="Bitbucket"`. */
  | { kind: 'unauthorized' }
  /** 403 RestErrors. */
  | { kind: 'forbidden' }
  /** 429 RestErrors with `Retry-After` (default "5"). */
  | { kind: 'rate-limited'; retryAfter?: string }
  /** 500 RestErrors. */
  | { kind: 'server-error' }
  /** Accept the request and never answer; `close()` ends it. */
  | { kind: 'timeout' }
  /** 200 text/html sign-in page on every path, as an SSO proxy in front of the server answers. */
  | { kind: 'login-page' }
  /**
   * A Jira server: every /rest path is 404 JSON `{"errorMessages":[…],"errors":{}}` (Jira's error
   * shape, not Bitbucket's), other paths 404 HTML; Jira too sends `X-AUSERNAME` (here "anonymous").
   */
  | { kind: 'jira' }
  /** 302 to `location` (default another host: an SSO sign-in). */
  | { kind: 'redirect'; location?: string }
  /** 200 `application/json` whose body is not JSON. */
  | { kind: 'ok-not-json' }
  /** 200 JSON with `X-AUSERNAME` that does not fit the spec (see `schemaMismatchBody`). */
  | { kind: 'schema-mismatch' }
  /** The normal answers without `X-AUSERNAME`. */
  | { kind: 'no-ausername' }
  /** The normal answers with `X-AUSERNAME: value` (default `../admin`; see HOSTILE_AUSERNAMES). */
  | { kind: 'ausername-hostile'; value?: string };

/**
 * What a hostile server may put in `X-AUSERNAME`: a path escape, a tab (the one C0 control character
 * Node lets into a header) and a C1 control character (CSI; Node sends it as UTF-8, so a Latin-1
 * reader such as fetch sees "\u00c2\u009b").
 */
export const HOSTILE_AUSERNAMES = ['../admin', 'jdoe\tadmin', 'jdoe\u009b31m'] as const;

export const DEFAULT_REDIRECT_LOCATION = 'https://sso.example.invalid/login?continue=bitbucket';

export const LOGIN_PAGE_HTML =
  '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method="post" action="/login">' +
  '<input name="username"><input name="password" type="password"><button>Sign in</button></form></body></html>';

/**
 * 200 bodies that do not fit the spec, per REST path: the user lacks displayName and has a numeric
 * name; the version is a number; the page's values are not an array.
 */
export function schemaMismatchBody(pathname: string, slug: string): Record<string, unknown> {
  if (/\/application-properties$/.test(pathname)) return { version: 9.4, displayName: 'Bitbucket' };
  if (/\/projects$/.test(pathname)) return { size: 1, isLastPage: true, values: 'PROJ' };
  return { slug, name: 42, type: 'NORMAL' };
}

/** Answer `res` according to `fault` (not the two header faults). `slug` is the caller's, for X-AUSERNAME. */
export function sendDataCenterFault(fault: FakeDataCenterFault, res: ServerResponse, pathname: string, slug: string): void {
  const identified = { 'x-ausername': slug };
  switch (fault.kind) {
    case 'unauthorized':
      return sendJson(res, 401, restErrors(AUTH_FAILED_MESSAGE, 'com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException'), {
        'www-authenticate': 'Basic realm="Bitbucket"',
      });
    case 'forbidden':
      return sendJson(res, 403, restErrors('You are not permitted to access this resource', 'com.atlassian.bitbucket.AuthorisationException'));
    case 'rate-limited':
      return sendJson(res, 429, restErrors('Too many requests. Try again later.'), { 'retry-after': fault.retryAfter ?? '5' });
    case 'server-error':
      return sendJson(res, 500, restErrors('An unexpected error has occurred. Please contact your administrator.'));
    case 'timeout':
      return; // never answer; the server's close() destroys the socket
    case 'login-page':
      return send(res, 200, HTML_TYPE, LOGIN_PAGE_HTML);
    case 'jira':
      if (pathname.startsWith('/rest/')) {
        return sendJson(res, 404, { errorMessages: [`null for uri: ${pathname}`], errors: {} }, { 'x-ausername': 'anonymous' });
      }
      return send(res, 404, HTML_TYPE, '<html><body>Page not found - Jira</body></html>', { 'x-ausername': 'anonymous' });
    case 'redirect': {
      const location = fault.location ?? DEFAULT_REDIRECT_LOCATION;
      return send(res, 302, TEXT_TYPE, `Redirecting to ${location}`, { location });
    }
    case 'ok-not-json':
      return send(res, 200, JSON_TYPE, '<html><body>Welcome</body></html>', identified);
    case 'schema-mismatch':
      return sendJson(res, 200, schemaMismatchBody(pathname, slug), identified);
    case 'no-ausername':
    case 'ausername-hostile':
      throw new Error(`${fault.kind} changes a header of the normal answers; it is not answered here`);
    default: {
      const unknown: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unknown)}`);
    }
  }
}
