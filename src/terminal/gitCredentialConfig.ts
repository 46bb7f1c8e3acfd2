/**
 * Git configuration for agent terminals, passed through git's environment config
 * (`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`, git 2.31+). Nothing is
 * written to `~/.gitconfig`, a repository's config or any other file.
 *
 * Pure: no `vscode` import.
 */

/** Username git sends with an API token when the Bitbucket username is unknown. */
export const apiTokenGitUsername = 'x-bitbucket-api-token-auth';

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
 * The `GIT_CONFIG_*` variables to set (only those; not a copy of `inheritedEnv`) so git uses
 * our helper for `gitBaseUrl` and no other host.
 *
 * Inherited entries at indexes 0..k-1 are kept untouched and ours are appended at k, k+1.
 * If the inherited count is invalid, or an entry below it is missing, git itself would stop
 * with "unable to parse command-line config" on every command; we then start at index 0 and
 * overwrite, dropping the broken inherited set, so git works in the agent terminal.
 * If the inherited set already ends with our entries (a terminal started from an agent
 * terminal), they are reused rather than appended again, so the count does not grow.
 */
export function gitCredentialHelperEntries(
  gitBaseUrl: string,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const ours = gitCredentialEntries(gitBaseUrl);
  let start = inheritedGitConfigCount(inheritedEnv) ?? 0;
  if (start >= ours.length && endsWithEntries(inheritedEnv, start, ours)) start -= ours.length;

  const result: Record<string, string> = {};
  ours.forEach((entry, offset) => {
    result[gitConfigKeyVariable(start + offset)] = entry.key;
    result[gitConfigValueVariable(start + offset)] = entry.value;
  });
  result[gitConfigCountVariable] = String(start + ours.length);
  return result;
}

function endsWithEntries(
  env: Readonly<Record<string, string | undefined>>,
  count: number,
  entries: readonly GitConfigEntry[],
): boolean {
  const first = count - entries.length;
  return entries.every(
    (entry, offset) =>
      env[gitConfigKeyVariable(first + offset)] === entry.key && env[gitConfigValueVariable(first + offset)] === entry.value,
  );
}
