import type { ConnectionProfile } from '../connection/profile';
import type { StoredCredentials } from '../connection/storedConnection';
import { changedElsewhereMessage } from '../connection/connectionMessages';
import { currentOrigins, originChange, originChangeMessage, type OriginChange } from '../connection/origins';
import { sessionIsCurrent } from '../connection/session';
import type { SettingsResult } from '../connection/settings';
import { refusalWhenUntrusted } from '../connection/workspaceTrust';
import { userMessage, type UserMessage } from '../userMessage';
import { agentVariableNames, agentVariablesToUnset, buildAgentEnvironment } from './agentEnvironment';

export type AgentEnvironmentResult =
  | {
      readonly ok: true;
      /** Variables to set. */
      readonly env: Record<string, string>;
      /** Stale inherited BITBUCKET_* variables that this connection does not set. */
      readonly unset: readonly string[];
      /** Whose variables they are, for the terminal's first line. */
      readonly profile: ConnectionProfile;
    }
  | { readonly ok: false; readonly reason: 'untrusted' | 'notConnected' | 'changedElsewhere' | 'settings'; readonly problem: UserMessage }
  | { readonly ok: false; readonly reason: 'originChanged'; readonly problem: UserMessage; readonly credentialId: string; readonly change: OriginChange };

/**
 * Reads the stored credentials at the moment a terminal or agent starts, so a reconnect or a
 * disconnect applies to the next one. In an untrusted workspace (Restricted Mode) there is nothing:
 * an agent there would run the folder's git hooks and `core.fsmonitor` with the token at hand.
 */
export async function resolveAgentEnvironment(
  readCredentials: () => Promise<StoredCredentials>,
  settings: SettingsResult,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
  workspaceIsTrusted: boolean,
  listConnections: () => readonly ConnectionProfile[],
): Promise<AgentEnvironmentResult> {
  const untrusted = refusalWhenUntrusted(workspaceIsTrusted);
  if (untrusted) return { ok: false, reason: 'untrusted', problem: untrusted };
  if (!settings.ok) return { ok: false, reason: 'settings', problem: settings.problem };
  const stored = await readCredentials();
  if (stored.state === 'disconnected') {
    return {
      ok: false,
      reason: 'notConnected',
      problem: userMessage('Bitbucket is not connected, so an agent terminal would have no credentials. Connect Bitbucket first.'),
    };
  }
  if (stored.state === 'changedElsewhere') return { ok: false, reason: 'changedElsewhere', problem: changedElsewhereMessage };
  const { profile, secret } = stored;
  // Agents use both the API URL and the git host with the secret, so both must be where it was connected.
  const change = originChange(profile, currentOrigins(profile, settings.settings));
  if (change) return { ok: false, reason: 'originChanged', problem: originChangeMessage(change), credentialId: profile.credentialId, change };
  // The list as stored now: a connection removed since the last terminal no longer counts.
  const env = buildAgentEnvironment({ profile, secret, settings: settings.settings, inheritedEnv, connections: listConnections() });
  return { ok: true, env, unset: agentVariablesToUnset(env, inheritedEnv), profile };
}

/**
 * For another extension: the agent environment, only for a session it got through VS Code's
 * authentication API (so the user agreed) and only while that session is the stored connection.
 * Every BITBUCKET_* (and NORA_GIT_*) name this connection does not set is `null`, whatever our own environment
 * holds, because the caller merges it into an environment we cannot see.
 */
export async function environmentForSession(
  session: { readonly id?: unknown; readonly accessToken?: unknown } | undefined,
  readCredentials: () => Promise<StoredCredentials>,
  settings: SettingsResult,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
  workspaceIsTrusted: boolean,
  listConnections: () => readonly ConnectionProfile[],
): Promise<Record<string, string | null> | undefined> {
  if (!workspaceIsTrusted) return undefined;
  const stored = await readCredentials();
  if (stored.state !== 'connected' || !sessionIsCurrent(session, stored.profile, stored.secret)) return undefined;
  const result = await resolveAgentEnvironment(() => Promise.resolve(stored), settings, inheritedEnv, workspaceIsTrusted, listConnections);
  if (!result.ok) return undefined;
  const env: Record<string, string | null> = { ...result.env };
  for (const name of agentVariableNames) if (!(name in result.env)) env[name] = null;
  return env;
}
