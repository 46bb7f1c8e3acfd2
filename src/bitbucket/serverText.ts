/**
 * Text that came from the server (display names, error bodies, headers) before it is shown in a
 * notification or written to the log. VS Code renders `[label](command:…)` in notifications as a
 * clickable command, and a line break in the log starts what looks like a line of our own.
 *
 * Pure: no `vscode` import.
 */

/** Longest server text shown; enough for any real display name or error sentence. */
export const maxServerTextLength = 200;

// C0 and C1 controls (line breaks included) and the Unicode line and paragraph separators: a space.
const lineBreaking = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
// Every format character (general category Cf): the bidirectional marks, embeddings, overrides and
// isolates (U+061C, U+200E, U+202A…, U+2066…), zero-width spaces and joiners, U+2060, U+FEFF, all
// invisible, and able to make text read differently from what it holds: removed.
const invisible = /\p{Cf}+/gu;
// Any of the above, or a square bracket: most text has none, and then only the trim is left to do.
const rewritten = /[\p{Cc}\p{Zl}\p{Zp}\p{Cf}[\]]/u;

/**
 * One line, at most `maxLength` characters, with no markdown link syntax: square brackets become
 * round ones, so `[label](command:x)` can no longer be a link. Everything else is kept as it was.
 */
export function neutraliseServerText(text: string, maxLength = maxServerTextLength): string {
  const rewrittenText = rewritten.test(text) ? text.replace(invisible, '').replace(lineBreaking, ' ').replace(/\[/g, '(').replace(/\]/g, ')') : text;
  const oneLine = rewrittenText.trim();
  // No more UTF-16 units than the limit is no more characters either: most text needs no count.
  if (oneLine.length <= maxLength) return oneLine;
  const characters = Array.from(oneLine);
  return characters.length <= maxLength ? oneLine : `${characters.slice(0, maxLength - 1).join('')}…`;
}
