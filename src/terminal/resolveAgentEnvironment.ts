import type { StoredCredentials } from '../connection/storedConnection';
import { changedElsewhereMessage } from '../connection/outcomeMessages';
import type { SettingsResult } from '../connection/settings';
import { userMessage, type UserMessage } from '../userMessage';
import { agentVariablesToUnset, buildAgentEnvironment } from './agentEnvironment';

export type AgentEnvironmentResult =
  | {
      readonly ok: true;
      /** Variables to set. */
      readonly env: Record<string, string>;
      /** Stale inherited BITBUCKET_* variables that this connection does not set. */
      readonly unset: readonly string[];
    }
  | { readonly ok: false; readonly reason: 'notConnected' | 'changedElsewhere' | 'settings'; readonly problem: UserMessage };

/**
 * Reads the stored credentials at the moment a terminal or agent starts, so a reconnect or a
 * disconnect applies to the next one.
 */
export async function resolveAgentEnvironment(
  readCredentials: () => Promise<StoredCredentials>,
  settings: SettingsResult,
  inheritedEnv: Readonly<Record<string, string | undefined>>,
): Promise<AgentEnvironmentResult> {
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
  const env = buildAgentEnvironment({ profile, secret, settings: settings.settings, inheritedEnv });
  return { ok: true, env, unset: agentVariablesToUnset(env, inheritedEnv) };
}
