import vscode = require('vscode');
import type { UserMessage } from '../userMessage';
import { missingScopesNotice, requestedScopesNotice } from './formNotices';
import { missingScopes, sessionFor, sessionMatchesScopes, type BitbucketSession } from './session';
import type { ConnectionProfile } from './profile';
import type { StoredCredentials } from './storedConnection';

/** What is stored, and word of every change to it, in this window or noticed from another. */
export interface StoredConnectionSource {
  /** Every connection, this window's first. */
  list(): readonly ConnectionProfile[];
  credentials(credentialId: string): Promise<StoredCredentials>;
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
 * "Bitbucket (Nora)" in VS Code's Accounts menu, one account per connection. Other extensions get
 * a token only through `vscode.authentication.getSession`, where VS Code asks the user first and
 * lets them choose the account. Connecting adds a session, disconnecting (or signing out of that
 * account) removes it.
 */
export class BitbucketAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<SessionsChange>();
  readonly onDidChangeSessions = this.changes.event;
  /** The sessions last announced, by id, without their tokens: events never carry a secret. */
  private announced: Map<string, BitbucketSession>;
  private readonly serviceChanges: { dispose(): void };

  constructor(
    private readonly service: StoredConnectionSource,
    /** `sessionFromConnectForm`, from the bundle loaded on first use. */
    private readonly openForm: (scopes: readonly string[]) => Promise<vscode.AuthenticationSession>,
    /** Without asking: VS Code confirms a sign-out itself before it calls removeSession. */
    private readonly disconnect: (credentialId: string) => Promise<unknown>,
  ) {
    this.announced = this.listedSessions();
    this.serviceChanges = service.onDidChange(() => this.announce());
  }

  /** The sessions with every scope asked for, of the account asked for if any; this window's connection first. */
  async getSessions(scopes?: readonly string[], options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    const sessions: vscode.AuthenticationSession[] = [];
    for (const profile of this.service.list()) {
      if (!sessionMatchesScopes(profile, scopes)) continue;
      const stored = await this.service.credentials(profile.credentialId);
      if (stored.state !== 'connected') continue;
      const session = sessionFor(stored.profile, stored.secret);
      if (options?.account === undefined || options.account.id === session.account.id) sessions.push(session);
    }
    return sessions;
  }

  /** Opens the Connect form (`sessionFromConnectForm`, loaded on first use). */
  createSession(scopes: readonly string[] = []): Promise<vscode.AuthenticationSession> {
    return this.openForm(scopes);
  }

  /** Signing out of an account in the Accounts menu disconnects that connection only, once VS Code's own confirmation was answered. */
  async removeSession(sessionId: string): Promise<void> {
    await this.disconnect(sessionId);
  }

  /**
   * A session per stored connection, from the list alone: its id and account need no secret, so
   * neither activation nor a change reads SecretStorage here (getSessions reads a secret when VS
   * Code asks for the session itself).
   */
  private listedSessions(): Map<string, BitbucketSession> {
    return new Map(this.service.list().map((profile) => [profile.credentialId, sessionFor(profile, '')]));
  }

  private announce(): void {
    const before = this.announced;
    const now = this.listedSessions();
    this.announced = now;
    const added = [...now.values()].filter((session) => !before.has(session.id));
    const removed = [...before.values()].filter((session) => !now.has(session.id));
    const changed = [...now.values()].filter((session) => before.has(session.id) && JSON.stringify(before.get(session.id)) !== JSON.stringify(session));
    if (added.length + removed.length + changed.length > 0) this.changes.fire({ added, removed, changed });
  }

  dispose(): void {
    this.serviceChanges.dispose();
    this.changes.dispose();
  }
}

/**
 * Opens the Connect form; resolves when the user connects a token that has `scopes`. Rejects when
 * the form closes first, or when the token lacks some of them: the error names them, and the
 * form stays open and names them too, so the user can connect a token that has them.
 */
export function sessionFromConnectForm(service: StoredConnectionSource, form: ConnectFormOpener, scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
  return new Promise((resolve, reject) => {
    const before = new Set(service.list().map((profile) => profile.credentialId));
    const stop = () => {
      connected.dispose();
      closed.dispose();
    };
    const connected = service.onDidChange(() => {
      const added = service.list().find((profile) => !before.has(profile.credentialId));
      if (!added) return;
      void service.credentials(added.credentialId).then((stored) => {
        if (stored.state !== 'connected') return;
        stop();
        const missing = missingScopes(stored.profile, scopes);
        if (missing.length === 0) return resolve(sessionFor(stored.profile, stored.secret));
        form.show(missingScopesNotice(missing));
        reject(new Error(vscode.l10n.t('The Bitbucket token lacks scopes that were asked for: {0}.', missing.join(', '))));
      });
    });
    const closed = form.onDidClose(() => {
      stop();
      reject(new Error(vscode.l10n.t('Bitbucket was not connected: the Connect form was closed.')));
    });
    form.show(scopes.length > 0 ? requestedScopesNotice(scopes) : undefined);
  });
}
