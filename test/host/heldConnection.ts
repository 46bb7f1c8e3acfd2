import type * as vscode from 'vscode';
import type { BitbucketConnection, NoraBitbucketApi } from '../../api/nora-bitbucket';
import { storageKeys } from '../../src/connection/storage.vscode';
import type { TestingHooks } from '../../src/testingHooks.vscode';

export type TestApi = NoraBitbucketApi & { testing: TestingHooks };

/** The session VS Code would hand an extension the user allowed: the stored connection's id and the token the test connected with. */
export function sessionWith(api: TestApi, token: string): vscode.AuthenticationSession {
  const profile = api.testing.storage.globalState.get<{ credentialId?: string }>(storageKeys.profile);
  return { id: profile?.credentialId ?? '', accessToken: token, account: { id: '', label: '' }, scopes: [] };
}

/** The connection's details as the holder of its session reads them. */
export function heldConnection(api: TestApi, token: string): Promise<BitbucketConnection | undefined> {
  return api.getConnection(sessionWith(api, token));
}
