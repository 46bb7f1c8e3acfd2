/**
 * What goes into SecretStorage: the secret, and the id of the profile it was stored with. The
 * id lets a window notice that its copy of the secret and the shared profile no longer match
 * (another window reconnected, and this window's secret storage has not caught up), instead of
 * pairing a new profile with an old token.
 */
export interface StoredSecret {
  readonly credentialId: string;
  readonly secret: string;
}

export function encodeStoredSecret(stored: StoredSecret): string {
  return JSON.stringify({ credentialId: stored.credentialId, secret: stored.secret });
}

/** `undefined` for anything that is not a stored secret of ours. Read at activation, so no zod. */
export function decodeStoredSecret(raw: string | undefined): StoredSecret | undefined {
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { credentialId, secret } = value as Record<string, unknown>;
  return typeof credentialId === 'string' && typeof secret === 'string' ? { credentialId, secret } : undefined;
}
