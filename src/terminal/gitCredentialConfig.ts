/**
 * Git configuration for agent terminals, passed through git's environment config
 * (`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, `GIT_CONFIG_VALUE_<n>`, git 2.31+). Nothing is
 * written to `~/.gitconfig`, a repository's config or any other file.
 *
 * Pure: no `vscode` import.
 */
import { apiTokenGitUsername } from '../bitbucket/credentials';

/**
 * The path prefixes (lower case, space separated) of the workspaces (Cloud: `acme`) or projects
 * (Data Center: `scm/proj`, after the server's context path) that other connections on this git
 * host answer for (otherWorkspaces.ts). Not a secret: it names no account, only where to step aside.
 */
export const otherWorkspacesVariable = 'NORA_GIT_OTHER_WORKSPACES';

/**
 * The credential helper. git runs it through the shell as `<script> get|store|erase`.
 * It answers only `get` and ignores `store`/`erase`, and reads the secret from the
 * terminal's environment when git asks, so the secret never appears in a config value.
 * `printf '%s\n'` rather than `echo`: dash's `echo` would rewrite backslashes in the secret.
 *
 * When another connection shares the host, git sends the repository's path (`useHttpPath`) and
 * the helper prints nothing for a path under another connection's workspace: git then asks the
 * next helper or VS Code's askpass, which answers with that connection from the extension host,
 * so its secret never enters this terminal. The variable is only compared, quoted, as literal text
 * (`set -f`: no file name expansion either), so a hostile value can only make the helper step aside.
 */
export const gitCredentialHelperScript =
  '!f() { test "$1" = get || return 0; ' +
  `if test -n "\${${otherWorkspacesVariable}-}"; then set -f; p=; ` +
  `while IFS= read -r l && test -n "$l"; do case $l in path=*) p=\${l#path=};; esac; done; ` +
  `p=$(printf '%s' "$p" | tr '[:upper:]' '[:lower:]'); ` +
  `for w in $${otherWorkspacesVariable}; do case $p in "$w"/*) return 0;; esac; done; fi; ` +
  `printf '%s\\n' "username=\${BITBUCKET_USERNAME:-${apiTokenGitUsername}}" "password=\${BITBUCKET_APP_PASSWORD}"; }; f`;

/** The helper as earlier releases wrote it: an inherited entry of theirs is ours too, and is dropped. */
const earlierHelperScripts: readonly string[] = [
  '!f() { test "$1" = get || return 0; ' +
    `printf '%s\\n' "username=\${BITBUCKET_USERNAME:-${apiTokenGitUsername}}" "password=\${BITBUCKET_APP_PASSWORD}"; }; f`,
];

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
 *
 * `sharedHost`: another connection uses this host too, so git sends the repository's path to
 * the helper (`useHttpPath`, for this host alone), which steps aside for that connection's workspaces.
 */
export function gitCredentialEntries(gitBaseUrl: string, sharedHost = false): readonly GitConfigEntry[] {
  const url = gitBaseUrl.replace(/\/+$/, '');
  const key = `credential.${url}.helper`;
  return [
    { key, value: '' },
    { key, value: gitCredentialHelperScript },
    ...(sharedHost ? [{ key: `credential.${url}.useHttpPath`, value: 'true' }] : []),
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
  sharedHost = false,
): Record<string, string> {
  const inheritedCount = inheritedGitConfigCount(inheritedEnv) ?? 0;
  const inherited = readEntries(inheritedEnv, inheritedCount);
  const ours = [...gitCredentialEntries(gitBaseUrl, sharedHost), ...(bearerHeader ? bearerHeaderEntries(bearerHeader) : [])];
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
 * Drops each of our entries, with the empty reset just before it for the same key: our helpers
 * (of this release or an earlier one), the `useHttpPath` that follows one of them, and our Bearer
 * header, told apart from a user's own by holding the token we set beside it.
 */
function withoutOurEntries(entries: readonly GitConfigEntry[], ourBearerValue: string | undefined): GitConfigEntry[] {
  const isOurHelper = (entry: GitConfigEntry | undefined) =>
    entry !== undefined && (entry.value === gitCredentialHelperScript || earlierHelperScripts.includes(entry.value)) && /^credential\..+\.helper$/i.test(entry.key);
  const ours = entries.map((entry, index) => {
    const previous = entries[index - 1];
    const ourUseHttpPath = isOurHelper(previous) && entry.value === 'true' && entry.key.toLowerCase() === previous?.key.replace(/helper$/i, 'usehttppath').toLowerCase();
    const ourBearer = ourBearerValue !== undefined && entry.value === ourBearerValue && /^http\..+\.extraheader$/i.test(entry.key);
    return isOurHelper(entry) || ourUseHttpPath || ourBearer;
  });
  return entries.filter((entry, index) => {
    if (ours[index]) return false;
    const next = entries[index + 1];
    return !(entry.value === '' && ours[index + 1] === true && next?.key === entry.key);
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
