/**
 * The end of a pipeline step's log, bounded: a suffix Range request (the endpoint "supports and
 * encourages" them), and when a server ignores the range, a streamed read that keeps only the
 * last bytes, so a 5 MB log is never held whole. Bitbucket answers a finished step's log with a
 * redirect to its log storage, a signed link on another host: that link is followed once, over
 * https, without the credentials, which only ever go to the Bitbucket API.
 *
 * Pure: no `vscode` import.
 */
import type { Response } from 'node-fetch';
import { onApi, type CallScope } from './apiCalls';
import type { ApiRequest, BitbucketClient } from './client';
import { BitbucketError } from './errors';
import { isLoopbackHost } from './loopback';
import { userMessage } from '../userMessage';

/** The most a log read streams when the range is ignored: beyond it, the end cannot be reached in bounds. */
export const maxStreamedLogBytes = 64 * 1024 * 1024;
/** An error body is read only this far. */
const maxErrorBodyBytes = 64 * 1024;

export type LogTail =
  /** `skippedBytes`: how much of the log comes before `text`. */
  | { readonly status: 'read'; readonly text: string; readonly skippedBytes: number }
  | { readonly status: 'empty' }
  /** Bitbucket sent the log to a link that is not https: it is not read. */
  | { readonly status: 'elsewhere'; readonly host: string }
  | { readonly status: 'tooLarge' };

type Answer = LogTail | { readonly status: 'redirect'; readonly location: string };

export async function readLogTail(client: BitbucketClient, url: string, call: CallScope, tailBytes: number): Promise<LogTail> {
  let target = url;
  let withoutCredentials = false;
  for (let hop = 0; hop < 2; hop++) {
    const headers = { Range: `bytes=-${tailBytes}`, Accept: 'text/plain, application/octet-stream' };
    const request: ApiRequest = { headers, neededScope: call.neededScope, unlimitedBody: true, withoutCredentials, operation: call.operation };
    const answer: Answer = await client.send(target, call.credentials, request, (response) => readAnswer(client, response, target, call, tailBytes));
    if (answer.status !== 'redirect') return answer;
    const onTheApi: string | undefined = withoutCredentials ? undefined : onApi(answer.location, target, client.apiBaseUrl);
    const storage = onTheApi === undefined ? signedLink(answer.location, target) : undefined;
    if (onTheApi === undefined && storage === undefined) return { status: 'elsewhere', host: hostOf(answer.location, target) };
    target = onTheApi ?? storage ?? target;
    withoutCredentials = onTheApi === undefined;
  }
  throw new BitbucketError('redirectRefused', userMessage('Bitbucket redirected the log request more than once; it was not followed.'));
}

async function readAnswer(client: BitbucketClient, response: Response, url: string, call: CallScope, tailBytes: number): Promise<Answer> {
  const { status } = response;
  if (status === 416) return { status: 'empty' };
  if (status >= 300 && status < 400) {
    response.body?.resume();
    return { status: 'redirect', location: response.headers.get('location') ?? '' };
  }
  if (status !== 200 && status !== 206) {
    const bodyText = (await keepTail(response, maxErrorBodyBytes, maxErrorBodyBytes)).kept.toString('utf8');
    throw client.errorFor({ status, headers: response.headers, bodyText }, url, call.credentials, call.neededScope);
  }
  const { kept, total, complete } = await keepTail(response, tailBytes, maxStreamedLogBytes);
  if (!complete) return { status: 'tooLarge' };
  if (total === 0) return { status: 'empty' };
  // A 206 says where its bytes start (`bytes 5000-5099/5100`); a 200 that ignored the range started at 0.
  const rangeStart = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1];
  const skippedBytes = (status === 206 && rangeStart !== undefined ? Number(rangeStart) : 0) + (total - kept.length);
  const text = kept.toString('utf8');
  // A cut log starts mid-line: that fragment is dropped.
  return { status: 'read', text: skippedBytes > 0 ? text.slice(text.indexOf('\n') + 1) : text, skippedBytes };
}

/** Reads the body keeping only its last `keepBytes`; stops after `maxBytes` (then `complete` is false). */
async function keepTail(response: Response, keepBytes: number, maxBytes: number): Promise<{ kept: Buffer; total: number; complete: boolean }> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  const body = response.body;
  if (body === null) return { kept: Buffer.alloc(0), total: 0, complete: true };
  for await (const chunk of body as AsyncIterable<Uint8Array>) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    total += buffer.length;
    if (total > maxBytes) {
      (body as { destroy?: () => void }).destroy?.();
      return { kept: Buffer.alloc(0), total, complete: false };
    }
    chunks.push(buffer);
    kept += buffer.length;
    while (chunks.length > 1 && kept - chunks[0].length >= keepBytes) kept -= chunks.shift()!.length;
  }
  const whole = Buffer.concat(chunks);
  return { kept: whole.subarray(Math.max(0, whole.length - keepBytes)), total, complete: true };
}

/** A link to another host that may be read without the credentials: https (http only to this machine), no user name in it. */
function signedLink(location: string, base: string): string | undefined {
  try {
    const url = new URL(location, base);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    return secure && url.username === '' && url.password === '' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function hostOf(location: string, base: string): string {
  try {
    return new URL(location, base).host;
  } catch {
    return '?';
  }
}
