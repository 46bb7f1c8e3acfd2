/**
 * Names a Data Center server hands out, checked before they reach a URL path, git's configuration
 * or its credential answers. No imports: the stored profile is checked with these at activation.
 */

/** Project keys as Data Center makes them: a letter, then letters, digits and `_`. */
export function isProjectKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,127}$/.test(value);
}

/** A user slug as a URL path segment and a git user name can carry it: no `/`, `\`, `:`, space, control character or dot-only step. */
export function isDataCenterSlug(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_.@+-]{1,255}$/.test(value) && !/^\.+$/.test(value);
}
