/**
 * Several connections (issue 25): the list kept in `globalState`, newest first, each connection's
 * secret in SecretStorage under its own key. The single profile of earlier releases becomes the
 * list's first entry, so nobody re-enters anything.
 *
 * Pure: no `vscode` import. Read at activation, so no zod (profile.ts checks each entry).
 */
import { userMessage, type UserMessage } from '../userMessage';
import { pinnedOrigins } from './origins';
import { parseConnectionProfile, type ConnectionProfile } from './profile';

/** More would make the switch list a search; a clear sentence says so when it is reached. */
export const maxConnections = 10;

export interface StoredConnectionList {
  readonly version: 2;
  /** Newest first: the first is the most recently connected. */
  readonly connections: readonly ConnectionProfile[];
}

/** Where each connection's secret lives in SecretStorage: one key per connection. */
export const secretKeyPrefix = 'nora.bitbucket.secret.';

/** The SecretStorage key of a connection's secret; `undefined` for an id that could reach another key. */
export function secretKeyOf(credentialId: string): string | undefined {
  return /^[A-Za-z0-9-]{1,64}$/.test(credentialId) ? `${secretKeyPrefix}${credentialId}` : undefined;
}

/**
 * The stored list, or the one-entry list the single profile of an earlier release makes
 * (`upgraded`: its secret is still under the old key and moves to `secretKeyOf` its id). Entries
 * that do not parse, repeat an id, or come after the cap are `dropped`.
 */
export function readConnectionList(
  storedList: unknown,
  legacyProfile: unknown,
): { readonly connections: ConnectionProfile[]; readonly upgraded: boolean; readonly dropped: number } {
  if (isListShape(storedList)) {
    const connections: ConnectionProfile[] = [];
    for (const entry of storedList.connections) {
      const profile = parseConnectionProfile(entry);
      if (!profile || secretKeyOf(profile.credentialId) === undefined) continue;
      if (connections.some((known) => known.credentialId === profile.credentialId || sameIdentity(known, profile))) continue;
      connections.push(profile);
      if (connections.length === maxConnections) break;
    }
    return { connections, upgraded: false, dropped: storedList.connections.length - connections.length };
  }
  const legacy = parseConnectionProfile(legacyProfile);
  if (legacy && secretKeyOf(legacy.credentialId) !== undefined) return { connections: [legacy], upgraded: true, dropped: 0 };
  return { connections: [], upgraded: false, dropped: Number(legacyProfile !== undefined) };
}

function isListShape(value: unknown): value is { version: 2; connections: unknown[] } {
  if (typeof value !== 'object' || value === null) return false;
  const { version, connections } = value as Record<string, unknown>;
  return version === 2 && Array.isArray(connections);
}

/**
 * Who a connection is: its kind, its host and its account (for an access token, what it is for).
 * Connecting the same again replaces the entry; anything else is another connection.
 */
export function identityOf(profile: ConnectionProfile): string {
  const { api } = pinnedOrigins(profile);
  switch (profile.credentialType) {
    case 'apiToken':
      return ['apiToken', api, profile.accountId ?? profile.email?.toLowerCase() ?? ''].join(' ');
    case 'appPassword':
      return ['appPassword', api, profile.username?.toLowerCase() ?? ''].join(' ');
    case 'accessToken':
      return ['accessToken', api, profile.accessTokenScope ?? '', profile.workspace ?? '', profile.repository ?? ''].join(' ');
    case 'dataCenter':
      return ['dataCenter', profile.serverUrl ?? api, profile.username ?? ''].join(' ');
  }
}

export const sameIdentity = (a: ConnectionProfile, b: ConnectionProfile): boolean => identityOf(a) === identityOf(b);

export type AddOutcome =
  | { readonly ok: true; readonly connections: ConnectionProfile[]; readonly replaced: ConnectionProfile | undefined }
  | { readonly ok: false; readonly problem: UserMessage };

/** The list with `profile` first: in place of the same account, kind and host, or added while there is room. */
export function withConnection(connections: readonly ConnectionProfile[], profile: ConnectionProfile): AddOutcome {
  const replaced = connections.find((known) => sameIdentity(known, profile));
  const others = connections.filter((known) => known !== replaced);
  if (!replaced && connections.length >= maxConnections) {
    return {
      ok: false,
      problem: userMessage('Nora keeps at most {0} Bitbucket connections, and all {0} are in use. Disconnect one you no longer need, then connect again.', maxConnections),
    };
  }
  return { ok: true, connections: [profile, ...others], replaced };
}

/** The list without the connection of `credentialId` (unchanged when it is not there). */
export function withoutConnection(connections: readonly ConnectionProfile[], credentialId: string): ConnectionProfile[] {
  return connections.filter((known) => known.credentialId !== credentialId);
}
