/**
 * Origin pinning: a connection records where its secret may go (the API and git origins at
 * Connect). When a setting later points elsewhere (a devcontainer can set machine settings), the
 * secret is not sent until the user reconnects or confirms the new origin.
 *
 * Pure: no `vscode` import.
 */
import { userMessage, type UserMessage } from '../userMessage';
import type { ConnectionProfile } from './profile';
import { defaultApiBaseUrl, defaultGitBaseUrl, defaultMcpUrl } from './baseUrl';
import type { BitbucketSettings } from './settings';

export interface Origins {
  readonly api: string;
  readonly git: string;
  /** The MCP server's, when it is on. */
  readonly mcp?: string | undefined;
}

export interface OriginChange {
  readonly setting: 'nora.bitbucket.apiBaseUrl' | 'nora.bitbucket.gitBaseUrl' | 'nora.bitbucket.mcpUrl';
  readonly pinned: string;
  readonly current: string;
}

/** Asks the user whether the stored secret may go to the changed origin, and records a yes (see ui/originConfirmation.ts). */
export type ConfirmOrigin = (credentialId: string, change: OriginChange) => Promise<boolean>;

/** The last URLs asked about and their origins: the settings seldom change, and every Test asks again. */
let lastOrigins: { readonly apiBaseUrl: string; readonly gitBaseUrl: string; readonly mcpUrl: string | undefined; readonly origins: Origins } | undefined;

/** `mcpUrl`: the MCP server's URL, when it is on. */
export function originsOf(settings: Pick<BitbucketSettings, 'apiBaseUrl' | 'gitBaseUrl'>, mcpUrl?: string): Origins {
  const { apiBaseUrl, gitBaseUrl } = settings;
  const last = lastOrigins;
  if (last?.apiBaseUrl === apiBaseUrl && last.gitBaseUrl === gitBaseUrl && last.mcpUrl === mcpUrl) return last.origins;
  const origins = { api: new URL(apiBaseUrl).origin, git: new URL(gitBaseUrl).origin, mcp: mcpUrl && new URL(mcpUrl).origin };
  lastOrigins = { apiBaseUrl, gitBaseUrl, mcpUrl, origins };
  return origins;
}

/** Parsed on first use, not at activation, and then kept: every Test compares the pins. */
let defaultOrigins: Origins | undefined;

/** A profile from before pinning was pinned to Bitbucket itself, the only place it could have connected to by default. */
export function pinnedOrigins(profile: ConnectionProfile): Origins {
  defaultOrigins ??= originsOf({ apiBaseUrl: defaultApiBaseUrl, gitBaseUrl: defaultGitBaseUrl });
  return { api: profile.apiOrigin ?? defaultOrigins.api, git: profile.gitOrigin ?? defaultOrigins.git };
}

/** The first origin that differs from the pinned one, if any; `which` limits the check to what a call uses. */
export function originChange(profile: ConnectionProfile, current: Origins, which: readonly (keyof Origins)[] = ['api', 'git']): OriginChange | undefined {
  const pinned = pinnedOrigins(profile);
  if (which.includes('api') && pinned.api !== current.api) return { setting: 'nora.bitbucket.apiBaseUrl', pinned: pinned.api, current: current.api };
  if (which.includes('git') && pinned.git !== current.git) return { setting: 'nora.bitbucket.gitBaseUrl', pinned: pinned.git, current: current.git };
  return undefined;
}

/** Whether the MCP server the setting names now is on another host than the one pinned at Connect. */
export function mcpOriginChange(profile: ConnectionProfile, mcpUrl: string): OriginChange | undefined {
  // A connection made before the MCP server existed was made while the setting had its default.
  const pinned = profile.mcpOrigin ?? new URL(defaultMcpUrl).origin;
  const current = new URL(mcpUrl).origin;
  return pinned === current ? undefined : { setting: 'nora.bitbucket.mcpUrl', pinned, current };
}

export function originChangeMessage(change: OriginChange): UserMessage {
  return userMessage(
    'The setting {0} now points to {1}, but Bitbucket was connected at {2}. Your credential is not sent to {1} until you reconnect or confirm it.',
    change.setting,
    change.current,
    change.pinned,
  );
}
