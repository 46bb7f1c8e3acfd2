import vscode = require('vscode');
import type { UserMessage } from '../userMessage';
import { missingScopesNotice, requestedScopesNotice } from './formNotices';
import { missingScopes, sessionFor, sessionMatchesScopes, type BitbucketSession } from './session';
import type { StoredCredentials } from './storedConnection';

/** What is stored, and word of every change to it, in this window or noticed from another. */
export interface StoredConnectionSource {
  credentials(): Promise<StoredCredentials>;
  onDidChange(listener: () => void): { dispose(): void };
}

/** What the provider needs of the Connect form. */
export interface ConnectFormOpener {
  /** `notice`: what the waiting extension asked for, shown at the top of the form. */
  show(notice?: UserMessage): void;
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
    /** Without asking: VS Code confirms a sign-out itself before it calls removeSession. */
    private readonly disconnect: () => Promise<unknown>,
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

  /**
   * Opens the Connect form; resolves when the user connects a token that has `scopes`. Rejects when
   * the form closes first, or when the token lacks some of them: the error names them, and the
   * form stays open and names them too, so the user can connect a token that has them.
   */
  createSession(scopes: readonly string[] = []): Promise<vscode.AuthenticationSession> {
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
          const missing = missingScopes(stored.profile, scopes);
          if (missing.length === 0) return resolve(sessionFor(stored.profile, stored.secret));
          this.form.show(missingScopesNotice(missing));
          reject(new Error(vscode.l10n.t('The Bitbucket token lacks scopes that were asked for: {0}.', missing.join(', '))));
        });
      });
      const closed = this.form.onDidClose(() => {
        stop();
        reject(new Error(vscode.l10n.t('Bitbucket was not connected: the Connect form was closed.')));
      });
      this.form.show(scopes.length > 0 ? requestedScopesNotice(scopes) : undefined);
    });
  }

  /** Signing out in the Accounts menu is Disconnect, once VS Code's own confirmation was answered Sign Out. */
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
