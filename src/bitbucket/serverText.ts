/**
 * Text that came from the server (display names, error bodies, headers) before it is shown in a
 * notification or written to the log. VS Code renders `[label](command:…)` in notifications as a
 * clickable command, and a line break in the log starts what looks like a line of our own.
 *
 * Pure: no `vscode` import.
 */

/** Longest server text shown; enough for any real display name or error sentence. */
export const maxServerTextLength = 200;

// C0 and C1 controls (line breaks included), the Unicode line and paragraph separators, and the
// bidirectional overrides that can make a log line read differently from what it holds.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;

/**
 * One line, at most `maxLength` characters, with no markdown link syntax: square brackets become
 * round ones, so `[label](command:x)` can no longer be a link. Everything else is kept as it was.
 */
export function neutraliseServerText(text: string, maxLength = maxServerTextLength): string {
  const oneLine = text.replace(unsafeCharacters, ' ').replace(/\[/g, '(').replace(/\]/g, ')').trim();
  // No more UTF-16 units than the limit is no more characters either: most text needs no count.
  if (oneLine.length <= maxLength) return oneLine;
  const characters = Array.from(oneLine);
  return characters.length <= maxLength ? oneLine : `${characters.slice(0, maxLength - 1).join('')}…`;
}

/**
 * For a status-bar label, which renders `$(name)` as an icon: a backslash before each one makes
 * VS Code show it as written (an already escaped one stays literal too, backslash included).
 */
export function withLiteralIconSyntax(text: string): string {
  return text.replace(/\$\([A-Za-z0-9-]+(?:~[A-Za-z0-9-]+)?\)/g, (icon) => `\\${icon}`);
}
