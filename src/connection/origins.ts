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
import { settingNames } from './settingNames';

export interface Origins {
  readonly api: string;
  readonly git: string;
  /** The MCP server's, when it is on. */
  readonly mcp?: string | undefined;
}

/** Each pinned origin, by the setting that names it. */
const pinnedField = {
  [settingNames.apiBaseUrl]: 'apiOrigin',
  [settingNames.gitBaseUrl]: 'gitOrigin',
  [settingNames.mcpUrl]: 'mcpOrigin',
} as const;

export interface OriginChange {
  readonly setting: keyof typeof pinnedField;
  readonly pinned: string;
  readonly current: string;
}

/** Asks the user whether the stored secret may go to the changed origin, and records a yes (see originConfirmation.vscode.ts). */
export type ConfirmOrigin = (credentialId: string, change: OriginChange) => Promise<boolean>;

/** `mcpUrl`: the MCP server's URL, when it is on. */
export function originsOf(settings: Pick<BitbucketSettings, 'apiBaseUrl' | 'gitBaseUrl'>, mcpUrl?: string): Origins {
  return { api: new URL(settings.apiBaseUrl).origin, git: new URL(settings.gitBaseUrl).origin, mcp: mcpUrl && new URL(mcpUrl).origin };
}

/** A Data Center server is both origins: the form names it and the profile pins it, not a setting. */
export function dataCenterOrigins(serverUrl: string): Origins {
  const { origin } = new URL(serverUrl);
  return { api: origin, git: origin };
}

/** Where a stored connection's secret would go now: a Data Center server's own origins, else those the settings name. */
export function currentOrigins(profile: ConnectionProfile, settings: Pick<BitbucketSettings, 'apiBaseUrl' | 'gitBaseUrl'>): Origins {
  return profile.credentialType === 'dataCenter' && profile.serverUrl !== undefined ? dataCenterOrigins(profile.serverUrl) : originsOf(settings);
}

/** What Connect records: the origins the secret was checked against. */
export function pinsOf(origins: Origins): Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin' | 'mcpOrigin'> {
  return { apiOrigin: origins.api, gitOrigin: origins.git, ...(origins.mcp && { mcpOrigin: origins.mcp }) };
}

/** The pins a stored profile carries, kept as they are by a Test or Replace Token. */
export function storedPins({ apiOrigin, gitOrigin, mcpOrigin }: ConnectionProfile): Pick<ConnectionProfile, 'apiOrigin' | 'gitOrigin' | 'mcpOrigin'> {
  return { apiOrigin, gitOrigin, ...(mcpOrigin && { mcpOrigin }) };
}

/** A profile from before pinning was pinned to Bitbucket itself, the only place it could have connected to by default. */
export function pinnedOrigins(profile: ConnectionProfile): Origins {
  return { api: profile.apiOrigin ?? new URL(defaultApiBaseUrl).origin, git: profile.gitOrigin ?? new URL(defaultGitBaseUrl).origin };
}

/** The profile with `change.current` pinned in place of the old origin: the user confirmed it. */
export function withConfirmedOrigin(profile: ConnectionProfile, change: OriginChange): ConnectionProfile {
  return { ...profile, [pinnedField[change.setting]]: change.current };
}

/** Whether `profile` already lets the secret go where `change` points. */
export function isPinnedTo(profile: ConnectionProfile, change: OriginChange): boolean {
  return profile[pinnedField[change.setting]] === change.current;
}

/** The first origin that differs from the pinned one, if any; `which` limits the check to what a call uses. */
export function originChange(profile: ConnectionProfile, current: Origins, which: readonly (keyof Origins)[] = ['api', 'git']): OriginChange | undefined {
  const pinned = pinnedOrigins(profile);
  if (which.includes('api') && pinned.api !== current.api) return { setting: settingNames.apiBaseUrl, pinned: pinned.api, current: current.api };
  if (which.includes('git') && pinned.git !== current.git) return { setting: settingNames.gitBaseUrl, pinned: pinned.git, current: current.git };
  return undefined;
}

/** Whether the MCP server the setting names now is on another host than the one pinned at Connect. */
export function mcpOriginChange(profile: ConnectionProfile, mcpUrl: string): OriginChange | undefined {
  // A connection made before the MCP server existed was made while the setting had its default.
  const pinned = profile.mcpOrigin ?? new URL(defaultMcpUrl).origin;
  const current = new URL(mcpUrl).origin;
  return pinned === current ? undefined : { setting: settingNames.mcpUrl, pinned, current };
}

export function originChangeMessage(change: OriginChange): UserMessage {
  return userMessage(
    'The setting {0} now points to {1}, but Bitbucket was connected at {2}. Your credential is not sent to {1} until you reconnect or confirm it.',
    change.setting,
    change.current,
    change.pinned,
  );
}
