import type { ProfileStore, SecretStore } from '../../src/connection/storedConnection';
import type { ConnectionProfile } from '../../src/connection/profile';
import type { StoredSecret } from '../../src/connection/storedSecret';

/** In-memory stand-ins for SecretStorage and globalState, for plain-Node tests of the connection. */
let ids = 0;
/** Distinct, predictable credential ids for tests. */
export const sequentialIds = (): string => `credential-${++ids}`;

export function memoryStores(): { secrets: SecretStore & { value?: StoredSecret }; profiles: ProfileStore & { value?: ConnectionProfile } } {
  const secrets = {
    value: undefined as StoredSecret | undefined,
    get: async () => secrets.value,
    store: async (secret: StoredSecret) => {
      secrets.value = secret;
    },
    delete: async () => {
      secrets.value = undefined;
    },
  };
  const profiles = {
    value: undefined as ConnectionProfile | undefined,
    get: () => profiles.value,
    update: async (profile: ConnectionProfile | undefined) => {
      profiles.value = profile;
    },
  };
  return { secrets, profiles };
}
