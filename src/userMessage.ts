/**
 * A user-facing sentence with `{0}`-style placeholders. Pure modules build these instead of
 * strings so they need no `vscode` import; the UI layer passes `text` and `args` through
 * `vscode.l10n.t`, which translates and fills them in.
 */
export interface UserMessage {
  readonly text: string;
  readonly args: readonly (string | number)[];
}

export type Translate = (text: string, ...args: (string | number)[]) => string;

export function userMessage(text: string, ...args: (string | number)[]): UserMessage {
  return { text, args };
}

export function renderMessage(message: UserMessage, translate: Translate): string {
  return translate(message.text, ...message.args);
}

/** Fills placeholders without translating: for logs and plain-Node tests. */
export const fillPlaceholders: Translate = (text, ...args) =>
  text.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? placeholder : String(value);
  });
