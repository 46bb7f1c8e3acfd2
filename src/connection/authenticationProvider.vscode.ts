import vscode = require('vscode');
import { sessionFor, sessionMatchesScopes, type BitbucketSession } from './session';
import type { StoredCredentials } from './storedConnection';

/** What is stored, and word of every change to it, in this window or noticed from another. */
export interface StoredConnectionSource {
  credentials(): Promise<StoredCredentials>;
  onDidChange(listener: () => void): { dispose(): void };
}

/** What the provider needs of the Connect form. */
export interface ConnectFormOpener {
  show(): void;
  readonly onDidClose: vscode.Event<void>;
}

export type SessionsChange = vscode.AuthenticationProviderAuthenticationSessionsChangeEvent;

/**
 * "Bitbucket (Nora)" in VS Code's Accounts menu. Other extensions get the token only through
 * `vscode.authentication.getSession`, where VS Code asks the user first. Sessions are the stored
 * connection: connecting creates one, disconnecting (or signing out) removes it.
 */
export class BitbucketAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<SessionsChange>();
  readonly onDidChangeSessions = this.changes.event;
  /** The session last announced, without its token: events never carry the secret. */
  private announced: BitbucketSession | undefined;
  private announcing: Promise<void>;
  private readonly serviceChanges: { dispose(): void };

  constructor(
    private readonly service: StoredConnectionSource,
    private readonly form: ConnectFormOpener,
    private readonly disconnect: () => Promise<boolean>,
  ) {
    this.announcing = this.currentSession().then((session) => void (this.announced = session));
    this.serviceChanges = service.onDidChange(() => {
      this.announcing = this.announcing.then(() => this.announce());
    });
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    const stored = await this.service.credentials();
    if (stored.state !== 'connected' || !sessionMatchesScopes(stored.profile, scopes)) return [];
    return [sessionFor(stored.profile, stored.secret)];
  }

  /** Opens the Connect form; resolves when the user connects, rejects when the form closes first. */
  createSession(): Promise<vscode.AuthenticationSession> {
    return new Promise((resolve, reject) => {
      const startedWith = this.announced?.id;
      const stop = () => {
        connected.dispose();
        closed.dispose();
      };
      const connected = this.service.onDidChange(() => {
        void this.service.credentials().then((stored) => {
          if (stored.state !== 'connected' || stored.profile.credentialId === startedWith) return;
          stop();
          resolve(sessionFor(stored.profile, stored.secret));
        });
      });
      const closed = this.form.onDidClose(() => {
        stop();
        reject(new Error(vscode.l10n.t('Bitbucket was not connected: the Connect form was closed.')));
      });
      this.form.show();
    });
  }

  /** Signing out in the Accounts menu is Disconnect, with the same question first. */
  async removeSession(): Promise<void> {
    await this.disconnect();
  }

  private async currentSession(): Promise<BitbucketSession | undefined> {
    const stored = await this.service.credentials().catch(() => undefined);
    return stored?.state === 'connected' ? { ...sessionFor(stored.profile, ''), accessToken: '' } : undefined;
  }

  private async announce(): Promise<void> {
    const before = this.announced;
    const now = await this.currentSession();
    this.announced = now;
    if (before?.id !== now?.id) {
      this.changes.fire({ added: now ? [now] : [], removed: before ? [before] : [], changed: [] });
    } else if (before && now && JSON.stringify(before) !== JSON.stringify(now)) {
      this.changes.fire({ added: [], removed: [], changed: [now] });
    }
  }

  dispose(): void {
    this.serviceChanges.dispose();
    this.changes.dispose();
  }
}
