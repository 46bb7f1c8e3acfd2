import vscode = require('vscode');
import { expiryWarning } from './connectionMessages';
import type { ConnectionProfile } from './profile';
import { dueNotification, expiryNoticeKey, tokenExpiry } from './tokenExpiry';
import { renderMessage } from '../userMessage';

/** Which notifications were shown for which token: in `globalState`, so a reload or another window does not repeat them. */
const noticesKey = 'nora.bitbucket.expiryNotices';

/**
 * At 7 days and at 1 day before the token's expiry date, a notification offers Replace Token,
 * once per threshold and token. Cheap (local reads only), so it runs on every look at the
 * connection: activation, window focus, each new day.
 */
export class ExpiryNotifier {
  /** The notifications this window showed, newest last: host tests read them (they cannot see the workbench). */
  readonly shown: string[] = [];

  constructor(
    private readonly globalState: Pick<vscode.Memento, 'get' | 'update'>,
    private readonly now: () => Date,
    private readonly replaceToken: () => unknown,
  ) {}

  check(profile: ConnectionProfile | undefined): void {
    // Access tokens expire as API tokens do; app passwords had no date.
    if (profile === undefined || profile.credentialType === 'appPassword' || profile.expiresOn === undefined) return;
    const expiry = tokenExpiry(profile.expiresOn, this.now());
    const key = expiryNoticeKey(profile.credentialId, profile.expiresOn);
    const stored = this.globalState.get<unknown>(noticesKey);
    const shown = isNotices(stored) && stored.key === key ? stored.shown : [];
    const due = dueNotification(expiry, shown);
    const warning = expiryWarning(expiry, profile.credentialType);
    if (due === undefined || !warning) return;
    // Memento keeps the new value in memory at once, so a check that follows right away sees it.
    void this.globalState.update(noticesKey, { key, shown: [...shown, due] });
    const message = renderMessage(warning, vscode.l10n.t);
    this.shown.push(message);
    const replace = vscode.l10n.t('Replace Token');
    void vscode.window.showWarningMessage(message, replace).then((choice) => {
      if (choice === replace) this.replaceToken();
    });
  }
}

/** Hand-checked: it is read at activation, and another version may have written it. */
function isNotices(value: unknown): value is { key: string; shown: number[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { key, shown } = value as Record<string, unknown>;
  return typeof key === 'string' && Array.isArray(shown) && shown.every((days) => typeof days === 'number');
}

/** Calls `listener` just after each local midnight, so a window left open overnight counts the new day. */
export function onNewDay(listener: () => void): { dispose(): void } {
  let timer: NodeJS.Timeout;
  const schedule = () => {
    const now = new Date();
    const nextMidnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    timer = setTimeout(() => {
      listener();
      schedule();
    }, nextMidnight.getTime() - now.getTime() + 1000);
  };
  schedule();
  return { dispose: () => clearTimeout(timer) };
}
