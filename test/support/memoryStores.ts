import type { ProfileStore, SecretStore } from '../../src/connection/connectionService';
import type { ConnectionProfile } from '../../src/connection/profile';

/** In-memory stand-ins for SecretStorage and globalState, for plain-Node tests of the connection. */
export function memoryStores(): { secrets: SecretStore & { value?: string }; profiles: ProfileStore & { value?: ConnectionProfile } } {
  const secrets = {
    value: undefined as string | undefined,
    get: async () => secrets.value,
    store: async (secret: string) => {
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
