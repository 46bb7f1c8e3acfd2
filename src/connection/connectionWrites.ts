import { withConnection, withoutConnection } from './connectionList';
import type { ConnectOutcome } from './connectionOutcomes';
import type { ConnectionProfile } from './profile';
import { connectionById, type ConnectionStore, type SecretStore } from './storedConnection';

type Refusal = 'disconnectedMeanwhile' | 'changedElsewhere';

/**
 * Every write to the stored connections, one at a time, so a Disconnect cannot interleave with a
 * Connect's two writes (the list, then the secret). A Connect or Replace Token that fails halfway
 * puts back what was there.
 */
export class ConnectionWrites {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly stores: { readonly connections: ConnectionStore; readonly secrets: SecretStore }) {}

  /**
   * Adds a checked connection and its secret if `stillWanted` (asked just before writing, in turn
   * with the other writes) agrees. The same account, kind and host connected again takes the old
   * entry's place, and the old secret goes.
   */
  store<R extends Refusal>(
    checked: Extract<ConnectOutcome, { ok: true }>,
    secret: string,
    stillWanted: () => true | R,
  ): Promise<ConnectOutcome | { ok: false; failure: { kind: R } }> {
    const { connections, secrets } = this.stores;
    const { profile } = checked.report;
    return this.exclusive(async () => {
      const wanted = stillWanted();
      if (wanted !== true) return { ok: false, failure: { kind: wanted } };
      const before = connections.list();
      const added = withConnection(before, profile);
      if (!added.ok) return { ok: false, failure: { kind: 'tooMany', problem: added.problem } };
      try {
        // The list first: another window reacts to the secret's change event and must find its connection.
        await connections.write(added.connections);
        await secrets.store({ credentialId: profile.credentialId, secret });
      } catch (cause) {
        await connections.write(before).catch(() => undefined);
        await secrets.delete(profile.credentialId).catch(() => undefined);
        return { ok: false, failure: { kind: 'storage', cause } };
      }
      // The replaced token is no longer anyone's: nothing may pair with it again.
      if (added.replaced) await secrets.delete(added.replaced.credentialId).catch(() => undefined);
      return checked;
    });
  }

  /**
   * Writes only the tested fields (and the workspace, when it was the point of the test), and only
   * if the tested connection and its secret are still there: another window may have replaced or
   * removed it meanwhile, and that must survive. Returns whether it wrote.
   */
  keepTestResult(tested: ConnectionProfile, newWorkspace: boolean): Promise<boolean> {
    const { connections, secrets } = this.stores;
    return this.exclusive(async () => {
      const profile = connectionById(connections, tested.credentialId);
      const secret = await secrets.get(tested.credentialId);
      if (!profile || secret?.credentialId !== tested.credentialId) return false;
      const { displayName, username, accountId, grantedScopes, lastTestedAt } = tested;
      const workspace = newWorkspace && { workspace: tested.workspace };
      await this.update({ ...profile, ...workspace, displayName, username, accountId, grantedScopes, lastTestedAt });
      return true;
    });
  }

  /** Puts `profile` in the place of the entry with its id; returns whether that entry was still there. */
  replaceInPlace(profile: ConnectionProfile): Promise<boolean> {
    return this.exclusive(() => this.update(profile));
  }

  /** Removes the connections of `credentialIds` and their secrets; the others stay as they are. */
  remove(credentialIds: readonly string[]): Promise<void> {
    const { connections, secrets } = this.stores;
    return this.exclusive(async () => {
      // The list first: another window reacts to the secret's change event and must find it gone.
      await connections.write(credentialIds.reduce(withoutConnection, connections.list()));
      for (const credentialId of credentialIds) await secrets.delete(credentialId);
    });
  }

  private async update(profile: ConnectionProfile): Promise<boolean> {
    const list = this.stores.connections.list();
    if (!list.some((known) => known.credentialId === profile.credentialId)) return false;
    await this.stores.connections.write(list.map((known) => (known.credentialId === profile.credentialId ? profile : known)));
    return true;
  }

  private exclusive<T>(write: () => Promise<T>): Promise<T> {
    const result = this.queue.then(write);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
