import type { ConnectOutcome } from './connectionOutcomes';
import type { ConnectionProfile } from './profile';
import type { ProfileStore, SecretStore } from './storedConnection';
import type { StoredSecret } from './storedSecret';

type Refusal = 'disconnectedMeanwhile' | 'changedElsewhere';

/**
 * Every write to the stored connection, one at a time, so a Disconnect cannot interleave with a
 * Connect's two writes (profile, then secret). A Connect or Replace Token that fails halfway
 * puts back what was there.
 */
export class ConnectionWrites {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly stores: { readonly profiles: ProfileStore; readonly secrets: SecretStore }) {}

  /**
   * Writes a checked profile and its secret if `stillWanted` (asked just before writing, in turn
   * with the other writes) agrees.
   */
  store<R extends Refusal>(
    checked: Extract<ConnectOutcome, { ok: true }>,
    secret: string,
    stillWanted: () => true | R,
  ): Promise<ConnectOutcome | { ok: false; failure: { kind: R } }> {
    const { profiles, secrets } = this.stores;
    const { profile } = checked.report;
    return this.exclusive(async () => {
      const wanted = stillWanted();
      if (wanted !== true) return { ok: false, failure: { kind: wanted } };
      let previous: { profile: ConnectionProfile | undefined; secret: StoredSecret | undefined } | undefined;
      try {
        previous = { profile: profiles.get(), secret: await secrets.get() };
        await profiles.update(profile);
        await secrets.store({ credentialId: profile.credentialId, secret });
      } catch (cause) {
        // A failed read (keyring unavailable) changed nothing; a failed write is undone.
        if (previous) await this.restore(previous);
        return { ok: false, failure: { kind: 'storage', cause } };
      }
      return checked;
    });
  }

  /**
   * Writes only the tested fields (and the workspace, when it was the point of the test), and only
   * if both the profile and this window's secret still carry the tested id: another window may
   * have reconnected (a newer profile) before this window's copy of the secret caught up, and that
   * profile must survive. Returns whether it wrote.
   */
  keepTestResult(tested: ConnectionProfile, newWorkspace: boolean): Promise<boolean> {
    const { profiles, secrets } = this.stores;
    return this.exclusive(async () => {
      const profile = profiles.get();
      const secret = await secrets.get();
      if (profile?.credentialId !== tested.credentialId || secret?.credentialId !== tested.credentialId) return false;
      const { displayName, username, accountId, grantedScopes, lastTestedAt } = tested;
      const workspace = newWorkspace && { workspace: tested.workspace };
      await profiles.update({ ...profile, ...workspace, displayName, username, accountId, grantedScopes, lastTestedAt });
      return true;
    });
  }

  clear(): Promise<void> {
    return this.exclusive(async () => {
      // Profile first: another window reacts to the secret's change event and must find it gone.
      await this.stores.profiles.update(undefined);
      await this.stores.secrets.delete();
    });
  }

  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const result = this.queue.then(write);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async restore(previous: { profile: ConnectionProfile | undefined; secret: StoredSecret | undefined }): Promise<void> {
    const { profiles, secrets } = this.stores;
    await profiles.update(previous.profile).catch(() => undefined);
    await (previous.secret === undefined ? secrets.delete() : secrets.store(previous.secret)).catch(() => undefined);
  }
}
