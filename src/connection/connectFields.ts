/**
 * The Connect form's inputs and actions, named once: the page renders them, the webview script
 * reads them and the message schemas check them. No imports, so the webview bundle stays small.
 */
export const connectFields = ['serverUrl', 'email', 'username', 'secret', 'expiresOn', 'workspace', 'repository', 'projectKey'] as const;
export type ConnectField = (typeof connectFields)[number];

/** What the form keeps across reloads and the extension may prefill: every field but the secret (the expiry date has its own rules). */
export const keptFields = ['serverUrl', 'email', 'username', 'workspace', 'repository', 'projectKey'] as const satisfies readonly ConnectField[];
export type KeptField = (typeof keptFields)[number];

/** The requests that make the form wait for an answer. */
export const busyActions = ['connect', 'test'] as const;
export type BusyAction = (typeof busyActions)[number];

/** `replace`: Replace Token, for the connected account only. */
export const formModes = ['connect', 'replace'] as const;
export type FormMode = (typeof formModes)[number];
