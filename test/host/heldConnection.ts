import type * as vscode from 'vscode';
import type { BitbucketConnection, NoraBitbucketApi } from '../../api/nora-bitbucket';
import { secretKeyOf } from '../../src/connection/connectionList';
import type { TestingHooks } from '../../src/testingHooks.vscode';

export type TestApi = NoraBitbucketApi & { testing: TestingHooks };

/** The session VS Code would hand an extension the user allowed: the stored connection's id and the token the test connected with. */
export function sessionWith(api: TestApi, token: string): vscode.AuthenticationSession {
  return { id: api.testing.activeProfile()?.credentialId ?? '', accessToken: token, account: { id: '', label: '' }, scopes: [] };
}

/** This window's connection as stored, and its secret as SecretStorage keeps it (under the connection's own key). */
export async function storedActive(api: TestApi): Promise<{ profile: unknown; secret: string | undefined }> {
  const profile = api.testing.activeProfile();
  const key = profile && secretKeyOf(profile.credentialId);
  return { profile, secret: key === undefined ? undefined : await api.testing.storage.secrets.get(key) };
}

/** The connection's details as the holder of its session reads them. */
export function heldConnection(api: TestApi, token: string): Promise<BitbucketConnection | undefined> {
  return api.getConnection(sessionWith(api, token));
}
