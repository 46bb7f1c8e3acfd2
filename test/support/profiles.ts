import type { ConnectionProfile } from '../../src/connection/profile';

/** A stored API-token profile for tests; override what a test is about. */
export function testProfile(overrides: Partial<ConnectionProfile> = {}): ConnectionProfile {
  return {
    version: 1,
    credentialId: 'credential-1',
    credentialType: 'apiToken',
    email: 'ada@example.com',
    username: 'ada-lovelace',
    workspace: 'analytical-engines',
    displayName: 'Ada Lovelace',
    lastTestedAt: '2026-11-28T12:00:00.000Z',
    ...overrides,
  };
}

/** What the default settings name; what a test's client factory reports unless it is about origins. */
export const bitbucketOrigins = { api: 'https://api.bitbucket.org', git: 'https://bitbucket.org' } as const;

/** A stored Data Center personal-token profile, on a server with a context path. */
export const dataCenterProfile: ConnectionProfile = {
  version: 1,
  credentialId: 'credential-9',
  credentialType: 'dataCenter',
  serverUrl: 'https://bitbucket.example.com/bitbucket',
  tokenOwner: 'person',
  username: 'jdoe',
  email: 'jane@example.com',
  projectKey: 'PROJ',
  serverVersion: '9.4.2',
  displayName: 'Jane Doe',
  lastTestedAt: '2026-12-01T10:00:00.000Z',
  apiOrigin: 'https://bitbucket.example.com',
  gitOrigin: 'https://bitbucket.example.com',
  expiresOn: '2027-06-01',
};
