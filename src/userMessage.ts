/**
 * A user-facing sentence with `{0}`-style placeholders. Pure modules build these instead of
 * strings so they need no `vscode` import; the UI layer passes `text` and `args` through
 * `vscode.l10n.t`, which translates and fills them in. An argument may itself be a message (a
 * reason inside a sentence): it is translated on its own, never filled in English beforehand.
 * `npm run l10n` extracts every `userMessage('…')` text into l10n/bundle.l10n.json.
 */
export interface UserMessage {
  readonly text: string;
  readonly args: readonly MessageArg[];
}

export type MessageArg = string | number | UserMessage;

export type Translate = (text: string, ...args: (string | number)[]) => string;

export function userMessage(text: string, ...args: MessageArg[]): UserMessage {
  return { text, args };
}

export function renderMessage(message: UserMessage, translate: Translate): string {
  return translate(message.text, ...message.args.map((arg) => (typeof arg === 'object' ? renderMessage(arg, translate) : arg)));
}

/** Fills placeholders without translating: for logs and plain-Node tests. */
export const fillPlaceholders = (text: string, ...args: readonly MessageArg[]): string =>
  text.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = args[Number(index)];
    if (value === undefined) return placeholder;
    return typeof value === 'object' ? fillPlaceholders(value.text, ...value.args) : String(value);
  });
