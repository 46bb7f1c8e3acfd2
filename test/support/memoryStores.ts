import { chooseActive } from '../../src/connection/activeConnection';
import { identityOf } from '../../src/connection/connectionList';
import type { ConnectionProfile } from '../../src/connection/profile';
import { activeProfile, type ConnectionStore, type SecretStore } from '../../src/connection/storedConnection';
import type { StoredSecret } from '../../src/connection/storedSecret';

/** In-memory stand-ins for SecretStorage, globalState and workspaceState, for plain-Node tests of the connection. */
let ids = 0;
/** Distinct, predictable credential ids for tests. */
export const sequentialIds = (): string => `credential-${++ids}`;

export interface MemoryStores {
  /** Each secret by its connection's id. `value`: the secret of this window's connection. */
  readonly secrets: SecretStore & { readonly byId: Map<string, StoredSecret>; readonly value: StoredSecret | undefined };
  /** `remoteUrls`: the open folders' remotes this window sees. */
  readonly connections: ConnectionStore & { list(): ConnectionProfile[]; remoteUrls: string[]; picked: string | undefined };
}

export function memoryStores(): MemoryStores {
  let list: ConnectionProfile[] = [];
  const connections = {
    remoteUrls: [] as string[],
    picked: undefined as string | undefined,
    list: () => list,
    write: async (next: readonly ConnectionProfile[]) => {
      list = [...next];
    },
    choice: () => chooseActive(list, connections.remoteUrls, connections.picked),
    pick: async (credentialId: string) => {
      const profile = list.find((known) => known.credentialId === credentialId);
      if (profile) connections.picked = identityOf(profile);
    },
  };
  const byId = new Map<string, StoredSecret>();
  const activeId = () => activeProfile(connections)?.credentialId;
  const secrets = {
    byId,
    get: async (credentialId: string) => byId.get(credentialId),
    store: async (secret: StoredSecret) => {
      byId.set(secret.credentialId, secret);
    },
    delete: async (credentialId: string) => {
      byId.delete(credentialId);
    },
    get value(): StoredSecret | undefined {
      const id = activeId();
      return id === undefined ? undefined : byId.get(id);
    },
  };
  return { secrets, connections };
}
