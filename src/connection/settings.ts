import * as z from 'zod/mini';
import { userMessage, type UserMessage } from '../userMessage';
import { defaultApiBaseUrl, defaultGitBaseUrl, parseBaseUrl } from './baseUrl';
import { settingNames } from './settingNames';

export const defaultRequestTimeoutSeconds = 15;

export interface BitbucketSettings {
  /** No trailing slash, e.g. `https://api.bitbucket.org/2.0`. */
  readonly apiBaseUrl: string;
  /** Origin of the git host the credential helper serves, e.g. `https://bitbucket.org`. */
  readonly gitBaseUrl: string;
  readonly requestTimeoutMs: number;
}

export type SettingsResult =
  | { readonly ok: true; readonly settings: BitbucketSettings }
  /** `setting`: the one refused. */
  | { readonly ok: false; readonly problem: UserMessage; readonly setting: string };

/** Raw values as read from the configuration; anything may be there. */
export interface RawSettings {
  readonly apiBaseUrl?: unknown;
  readonly gitBaseUrl?: unknown;
  readonly requestTimeoutSeconds?: unknown;
}

const timeoutSchema = z.number().check(z.gte(1), z.lte(120));

export function parseSettings(raw: RawSettings): SettingsResult {
  const api = parseBaseUrl(settingNames.apiBaseUrl, raw.apiBaseUrl ?? defaultApiBaseUrl);
  if (!api.ok) return { ...api, setting: settingNames.apiBaseUrl };
  const git = parseBaseUrl(settingNames.gitBaseUrl, raw.gitBaseUrl ?? defaultGitBaseUrl);
  if (!git.ok) return { ...git, setting: settingNames.gitBaseUrl };
  const timeout = timeoutSchema.safeParse(raw.requestTimeoutSeconds ?? defaultRequestTimeoutSeconds);
  if (!timeout.success) {
    return {
      ok: false,
      problem: userMessage('The setting {0} must be a number of seconds from 1 to 120.', settingNames.requestTimeoutSeconds),
      setting: settingNames.requestTimeoutSeconds,
    };
  }
  return {
    ok: true,
    settings: { apiBaseUrl: api.url, gitBaseUrl: new URL(git.url).origin, requestTimeoutMs: timeout.data * 1000 },
  };
}

/**
 * The problem to tell the user about after a settings change: only when the change touched the
 * setting that is refused, so an unrelated edit does not bring back an old error.
 */
export function problemAfterChange(result: SettingsResult, affects: (setting: string) => boolean): UserMessage | undefined {
  return !result.ok && affects(result.setting) ? result.problem : undefined;
}
