/**
 * Git configuration for agent terminals, passed through git's environment config
 * (`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`, git 2.31+). Nothing is
 * written to `~/.gitconfig`, a repository's config or any other file.
 *
 * Pure: no `vscode` import.
 */
import { apiTokenGitUsername } from '../bitbucket/credentials';

/**
 * The credential helper. git runs it through the shell as `<script> get|store|erase`.
 * It answers only `get` and ignores `store`/`erase`, and reads the secret from the
 * terminal's environment when git asks, so the secret never appears in a config value.
 * `printf '%s\n'` rather than `echo`: dash's `echo` would rewrite backslashes in the secret.
 */
export const gitCredentialHelperScript =
  '!f() { test "$1" = get || return 0; ' +
  `printf '%s\\n' "username=\${BITBUCKET_USERNAME:-${apiTokenGitUsername}}" "password=\${BITBUCKET_APP_PASSWORD}"; }; f`;

export const gitConfigCountVariable = 'GIT_CONFIG_COUNT';
export const gitConfigKeyVariable = (index: number): string => `GIT_CONFIG_KEY_${index}`;
export const gitConfigValueVariable = (index: number): string => `GIT_CONFIG_VALUE_${index}`;

export interface GitConfigEntry {
  readonly key: string;
  readonly value: string;
}

/**
 * The entries we add for `gitBaseUrl` (an origin such as `https://bitbucket.org`).
 *
 * The URL-scoped helper list is applied after every config file (environment config has
 * command-line scope, git's last), and git applies every matching `credential.*.helper`
 * in that order. The empty value empties the list built so far, so a `credential.helper
 * store` (or any other helper) from the user's config can neither answer first with a stale
 * password nor be asked to store ours. Then our helper is the only one for this host.
 * Other hosts do not match the URL and keep the user's own helpers.
 */
export function gitCredentialEntries(gitBaseUrl: string): readonly GitConfigEntry[] {
  const key = `credential.${gitBaseUrl.replace(/\/+$/, '')}.helper`;
  return [
    { key, value: '' },
    { key, value: gitCredentialHelperScript },
  ];
}

/**
 * How many inherited entries git would read, or `undefined` when git would refuse the
 * inherited `GIT_CONFIG_*` variables. Mirrors git's `strtoul` parsing: optional leading
 * white space and `+`, digits; an empty value counts as 0; unset counts as 0. Every key and
 * value below the count must be set (git fails with "missing config key/value" otherwise).
 */
export function inheritedGitConfigCount(inheritedEnv: Readonly<Record<string, string | undefined>>): number | undefined {
  const raw = inheritedEnv[gitConfigCountVariable];
  if (raw === undefined || raw === '') return 0;
  if (!/^[\t\n\v\f\r ]*\+?[0-9]+$/.test(raw)) return undefined;
  const count = Number(raw.trim());
  if (!Number.isSafeInteger(count) || count > 0x7fffffff) return undefined;
  for (let index = 0; index < count; index++) {
    if (inheritedEnv[gitConfigKeyVariable(index)] === undefined) return undefined;
    if (inheritedEnv[gitConfigValueVariable(index)] === undefined) return undefined;
  }
  return count;
}

/**
 * The `GIT_CONFIG_*` variables to set (only those that change; not a copy of `inheritedEnv`) so
 * git uses our helper for `gitBaseUrl` and no other host.
 *
 * Inherited entries are kept in order and ours appended after them. Inherited entries that are
 * ours (a VS Code or terminal started from an agent terminal, maybe for another git host) are
 * dropped first, so an old git host stops receiving the current token and the count does not
 * grow; the user's entries after them move down. If the inherited count is invalid, or an entry
 * below it is missing, git itself would stop with "unable to parse command-line config" on every
 * command; we then start at index 0, dropping the broken inherited set, so git works in the agent
 * terminal.
 */
export function gitCredentialHelperEntries(
  gitBaseUrl: string,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
  bearerHeader?: BearerHeader,
): Record<string, string> {
  const inheritedCount = inheritedGitConfigCount(inheritedEnv) ?? 0;
  const inherited = readEntries(inheritedEnv, inheritedCount);
  const ours = [...gitCredentialEntries(gitBaseUrl), ...(bearerHeader ? bearerHeaderEntries(bearerHeader) : [])];
  const entries = [...withoutOurEntries(inherited, inheritedBearerValue(inheritedEnv)), ...ours];
  const result: Record<string, string> = {};
  entries.forEach((entry, index) => {
    const same = index < inheritedCount && inherited[index]?.key === entry.key && inherited[index]?.value === entry.value;
    if (same) return;
    result[gitConfigKeyVariable(index)] = entry.key;
    result[gitConfigValueVariable(index)] = entry.value;
  });
  result[gitConfigCountVariable] = String(entries.length);
  return result;
}

function readEntries(env: Readonly<Record<string, string | undefined>>, count: number): GitConfigEntry[] {
  return Array.from({ length: count }, (_, index) => ({
    key: env[gitConfigKeyVariable(index)] ?? '',
    value: env[gitConfigValueVariable(index)] ?? '',
  }));
}

/**
 * Drops each of our entries, with the empty reset just before it for the same key: our helpers,
 * and our Bearer header, told apart from a user's own by holding the token we set beside it.
 */
function withoutOurEntries(entries: readonly GitConfigEntry[], ourBearerValue: string | undefined): GitConfigEntry[] {
  const isOurs = (entry: GitConfigEntry | undefined) =>
    entry !== undefined &&
    ((entry.value === gitCredentialHelperScript && /^credential\..+\.helper$/i.test(entry.key)) ||
      (ourBearerValue !== undefined && entry.value === ourBearerValue && /^http\..+\.extraheader$/i.test(entry.key)));
  return entries.filter((entry, index) => {
    if (isOurs(entry)) return false;
    const next = entries[index + 1];
    return !(entry.value === '' && isOurs(next) && next?.key === entry.key);
  });
}

/**
 * A Data Center project or repository token works for git only as `Authorization: Bearer` (issue
 * 24): sent by git's `http.<server>/.extraHeader` for that server's URLs alone. The empty value
 * first drops any header the user's config adds there, so exactly one Authorization goes.
 */
export interface BearerHeader {
  /** The server's base URL (no trailing slash): the header goes to URLs under it. */
  readonly serverUrl: string;
  readonly token: string;
}

function bearerHeaderEntries({ serverUrl, token }: BearerHeader): GitConfigEntry[] {
  const key = `http.${serverUrl}/.extraHeader`;
  return [
    { key, value: '' },
    { key, value: bearerValue(token) },
  ];
}

const bearerValue = (token: string): string => `Authorization: Bearer ${token}`;

/** The header an inherited agent environment set: its token is the inherited BITBUCKET_ACCESS_TOKEN. */
function inheritedBearerValue(inheritedEnv: Readonly<Record<string, string | undefined>>): string | undefined {
  const token = inheritedEnv['BITBUCKET_ACCESS_TOKEN'];
  return token ? bearerValue(token) : undefined;
}
