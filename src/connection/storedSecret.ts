import * as z from 'zod/mini';

/**
 * What goes into SecretStorage: the secret, and the id of the profile it was stored with. The
 * id lets a window notice that its copy of the secret and the shared profile no longer match
 * (another window reconnected, and this window's secret storage has not caught up), instead of
 * pairing a new profile with an old token.
 */
export const storedSecretSchema = z.object({ credentialId: z.string(), secret: z.string() });
export type StoredSecret = z.infer<typeof storedSecretSchema>;

export function encodeStoredSecret(stored: StoredSecret): string {
  return JSON.stringify(stored);
}

/** `undefined` for anything that is not a stored secret of ours. */
export function decodeStoredSecret(raw: string | undefined): StoredSecret | undefined {
  if (raw === undefined) return undefined;
  try {
    const parsed = storedSecretSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
