/**
 * JSON calls of the agent tools over the one client (its deadline, size cap, Basic auth and
 * no-redirect rule): a GET that may take one redirect that stays on the API, pages followed
 * through `next` only on the API, and a POST.
 *
 * Pure: no `vscode` import.
 */
import type * as z from 'zod/mini';
import type { BitbucketClient, Parser, RawResponse } from './client';
import { parseJson } from './client';
import type { BitbucketCredentials } from './credentials';
import { withFields } from './partialFields';

/** A URL Bitbucket handed us (`next`, a redirect) is used only when it stays under the API base URL, with no user info. */
export function onApi(candidate: string, base: string, apiBaseUrl: string): string | undefined {
  let url: URL;
  let api: URL;
  try {
    url = new URL(candidate, base);
    api = new URL(`${apiBaseUrl}/`);
  } catch {
    return undefined;
  }
  const under = url.origin === api.origin && url.pathname.startsWith(api.pathname);
  return under && url.username === '' && url.password === '' ? url.href : undefined;
}

export interface CallScope {
  readonly credentials: BitbucketCredentials;
  /** The scope a 403 names. */
  readonly neededScope: string;
  /** The user's operation the call is part of (see ApiRequest). */
  readonly operation?: AbortController;
}

const readWhole = async (response: { status: number; headers: RawResponse['headers']; text(): Promise<string> }): Promise<RawResponse> => ({
  status: response.status,
  headers: response.headers,
  bodyText: await response.text(),
});

/** What a read parses its answer with: a zod schema, whose fields the request names (partialFields.ts). */
export type ReadSchema<T> = Parser<T> & z.core.$ZodType;

/**
 * GET of JSON, asking only for the fields `schema` parses. A redirect is followed once, only within
 * the API (the pull request diffstat answers 302 to the repository's), with the same fields.
 */
export async function getJson<T>(client: BitbucketClient, url: string, call: CallScope, schema: ReadSchema<T>): Promise<T> {
  let target = url;
  for (let hop = 0; ; hop++) {
    const response = await client.send(withFields(target, schema), call.credentials, { neededScope: call.neededScope, operation: call.operation }, readWhole);
    if (response.status === 200) return parseJson(response.bodyText, schema);
    const location = response.headers.get('location');
    const next = location === null ? undefined : onApi(location, target, client.apiBaseUrl);
    const isRedirect = response.status >= 300 && response.status < 400;
    if (!isRedirect || hop > 0 || next === undefined) throw client.errorFor(response, target, call.credentials, call.neededScope);
    target = next;
  }
}

export async function postJson<T>(client: BitbucketClient, url: string, call: CallScope, body: unknown, schema: Parser<T>): Promise<T> {
  const request = { method: 'POST' as const, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, neededScope: call.neededScope, operation: call.operation };
  const response = await client.send(url, call.credentials, request, readWhole);
  if (response.status === 200 || response.status === 201) return parseJson(response.bodyText, schema);
  throw client.errorFor(response, url, call.credentials, call.neededScope);
}

export interface Collected<T> {
  readonly items: readonly T[];
  /** How many Bitbucket has beyond `items`, when it said (`size`); otherwise whether there are more. */
  readonly leftOut: number | undefined;
  readonly more: boolean;
}

export interface PageLimits {
  readonly maxItems: number;
  readonly maxPages: number;
}

/** Items page after page, up to the caps; `next` is followed only within the API. */
export async function collectPages<T>(
  client: BitbucketClient,
  firstUrl: string,
  call: CallScope,
  page: ReadSchema<{ next?: string | undefined; size?: number | null | undefined; values?: T[] | undefined }>,
  limits: PageLimits,
): Promise<Collected<T>> {
  const items: T[] = [];
  let url: string | undefined = firstUrl;
  let size: number | undefined;
  let more = false;
  for (let pages = 0; url !== undefined; pages++) {
    if (pages === limits.maxPages || items.length >= limits.maxItems) {
      more = true;
      break;
    }
    const body: { next?: string | undefined; size?: number | null | undefined; values?: T[] | undefined } = await getJson(client, url, call, page);
    size ??= body.size ?? undefined;
    items.push(...(body.values ?? []));
    const next: string | undefined = body.next === undefined ? undefined : onApi(body.next, url, client.apiBaseUrl);
    if (body.next !== undefined && next === undefined) more = true;
    url = next;
  }
  const kept = items.slice(0, limits.maxItems);
  more ||= items.length > kept.length;
  const leftOut = size !== undefined && size >= kept.length ? size - kept.length : undefined;
  return { items: kept, leftOut: leftOut, more: more || (leftOut ?? 0) > 0 };
}
