import * as z from 'zod/mini';

export const credentialTypes = ['apiToken', 'appPassword'] as const;
/** `apiToken`: Atlassian email + API token. `appPassword`: legacy, removed by Bitbucket on 2026-07-28. */
export type CredentialType = (typeof credentialTypes)[number];

/**
 * Everything about a connection except the secret. Kept in `globalState`, shared by every window;
 * the secret itself lives only in SecretStorage.
 */
export const connectionProfileSchema = z.object({
  version: z.literal(1),
  /** Random, new at each connect; the stored secret carries the same id (see storedSecret.ts). */
  credentialId: z.string(),
  credentialType: z.enum(credentialTypes),
  /** Atlassian account email: the REST username for API tokens. */
  email: z.optional(z.string()),
  /** Bitbucket username, the git username. May be unknown for an API token. */
  username: z.optional(z.string()),
  workspace: z.optional(z.string()),
  displayName: z.string(),
  accountId: z.optional(z.string()),
  /** From `x-oauth-scopes`; absent when Bitbucket did not say. */
  grantedScopes: z.optional(z.array(z.string())),
  /** ISO time of the last successful connect or test. */
  lastTestedAt: z.string(),
  /** Where the secret may go: the API and git origins at Connect (or as the user confirmed). See origins.ts. */
  apiOrigin: z.optional(z.string()),
  gitOrigin: z.optional(z.string()),
});

export type ConnectionProfile = z.infer<typeof connectionProfileSchema>;

/**
 * Bitbucket usernames are letters, digits, `_` and `-`. Anything else (a line break above all)
 * would change what the git credential helper answers, so it is never used as the git user.
 */
export function isBitbucketUsername(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,100}$/.test(value);
}
