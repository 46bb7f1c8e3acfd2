import assert from 'node:assert/strict';
import type { CurrentUserResult } from '../../src/bitbucket/client';
import { BitbucketError } from '../../src/bitbucket/errors';
import type { BitbucketApi } from '../../src/connection/connectionOutcomes';
import { ConnectionService } from '../../src/connection/connectionService';
import { userMessage } from '../../src/userMessage';
import { memoryStores, sequentialIds } from './memoryStores';
import { bitbucketOrigins } from './profiles';

export const apiTokenForm = { credentialType: 'apiToken' as const, email: 'dev@example.com', secret: 'the-token' };
const answer: CurrentUserResult = {
  user: { type: 'user', display_name: 'Nora Developer', username: 'nora-dev' },
  grantedScopes: ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket', 'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket'],
};

/**
 * A ConnectionService over in-memory stores and a Bitbucket stand-in that answers as told:
 * `bitbucket.rejects = true` makes it refuse the credentials (401) until set back; the workspace
 * check finds no workspace until `bitbucket.workspaceFound = true`.
 */
export function serviceWithBitbucket(stores = memoryStores()) {
  const bitbucket = { rejects: false, calls: 0, workspaceFound: false };
  const client: BitbucketApi = {
    getCurrentUser: async () => {
      bitbucket.calls++;
      if (bitbucket.rejects) throw new BitbucketError('unauthorized', userMessage('Bitbucket rejected the email or API token.'));
      return answer;
    },
    checkWorkspace: async () => (bitbucket.workspaceFound ? { status: 'member', permission: 'member' } : { status: 'notFound' }),
    listWorkspaces: async () => assert.fail('the token lacks the scope that lists workspaces'),
    identifyAccessToken: async () => assert.fail('only an API token is connected here'),
    identifyDataCenterToken: async () => assert.fail('only an API token is connected here'),
  };
  return { service: serviceOver(client, stores), stores, bitbucket };
}

/** A ConnectionService over `stores` and `client` (the real one on loopback, or a stand-in), at the tests' fixed time. */
export function serviceOver(client: BitbucketApi, stores = memoryStores()): ConnectionService {
  return new ConnectionService({
    ...stores,
    createClient: () => ({ ok: true, client, origins: bitbucketOrigins }),
    now: () => new Date('2026-11-28T12:00:00Z'),
    newCredentialId: sequentialIds,
    changed: async () => undefined,
  });
}
