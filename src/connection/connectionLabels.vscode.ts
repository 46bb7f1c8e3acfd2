import vscode = require('vscode');
import { renderMessage } from '../userMessage';
import type { ActiveReason } from './activeConnection';
import { credentialMessage } from './connectionMessages';
import { pinnedOrigins } from './origins';
import type { ConnectionProfile } from './profile';
import { gitUsernameFor } from './session';
import { localIsoDate } from './tokenExpiry';

/** How the status bar, its tooltip and the account lists name a connection and its parts. */

/**
 * What the status bar calls the connection: an access token (a bot) says so, e.g. "acme/widgets
 * (access token)", and a Data Center one names the product, e.g. "Bitbucket DC: Jane Doe".
 */
export function connectionName(profile: ConnectionProfile): string {
  if (profile.credentialType === 'dataCenter') return vscode.l10n.t('Bitbucket DC: {0}', profile.displayName);
  return profile.credentialType === 'accessToken' ? vscode.l10n.t('{0} (access token)', profile.displayName) : profile.displayName;
}

/** Where the connection works and as whom: a Data Center server and project, or a Cloud workspace and its scopes. */
export function placeRows(profile: ConnectionProfile): [string, string][] {
  const l10n = vscode.l10n;
  if (profile.credentialType === 'dataCenter') {
    return [
      [l10n.t('Server'), profile.serverVersion ? l10n.t('{0} (Bitbucket Data Center {1})', profile.serverUrl ?? '', profile.serverVersion) : (profile.serverUrl ?? '')],
      [l10n.t('User'), profile.username ?? l10n.t('(unknown)')],
      [l10n.t('Project'), profile.projectKey ?? l10n.t('(none)')],
    ];
  }
  return [
    [l10n.t('Username'), gitUsernameOrUnknown(profile)],
    [l10n.t('Workspace'), profile.workspace ?? l10n.t('(none)')],
    [l10n.t('Scopes'), profile.grantedScopes?.join(', ') || l10n.t('(not reported)')],
  ];
}

/** An access token's git user is x-token-auth (gitUsernameFor); the others show the Bitbucket username. */
function gitUsernameOrUnknown(profile: ConnectionProfile): string {
  return (profile.credentialType === 'accessToken' ? gitUsernameFor(profile) : profile.username) ?? vscode.l10n.t('(unknown)');
}

export function credentialText(profile: ConnectionProfile): string {
  return renderMessage(credentialMessage(profile), vscode.l10n.t);
}

/** `YYYY-MM-DD HH:MM`, local time, like the expiry date beside it. */
export function lastTestedText(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${localIsoDate(date)} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** Where the connection's secret goes: bitbucket.org's API, or a Data Center server. */
export function hostText(profile: ConnectionProfile): string {
  return profile.credentialType === 'dataCenter' ? (profile.serverUrl ?? '') : new URL(pinnedOrigins(profile).git).host;
}

/** Its workspace (Cloud) or project (Data Center), for the account lists. */
export function placeText(profile: ConnectionProfile): string | undefined {
  return profile.credentialType === 'dataCenter' ? profile.projectKey : profile.workspace;
}

/** Why this window uses this connection (activeConnection.ts), for the tooltip. */
export function activeReasonText(reason: ActiveReason): string {
  switch (reason) {
    case 'remote':
      return vscode.l10n.t("matches this folder's remote");
    case 'picked':
      return vscode.l10n.t('your choice for this workspace');
    case 'recent':
      return vscode.l10n.t('the most recently connected');
  }
}

/**
 * What VS Code's Git does with this connection (git/gitCredentialsProvider.vscode.ts), for the
 * tooltip. `connections`: every stored one; those sharing its git host answer for their own
 * workspace or project, which git names only when it sends the repository's path.
 */
export function gitAnswerText(profile: ConnectionProfile, connections: readonly ConnectionProfile[]): string {
  const host = pinnedOrigins(profile).git;
  if (gitUsernameFor(profile) === undefined) return vscode.l10n.t('cannot use this connection for {0}: a project or repository token works only as a header', host);
  const shared = connections.some((other) => other.credentialId !== profile.credentialId && pinnedOrigins(other).git === host);
  if (!shared) return vscode.l10n.t('uses this connection for {0}', host);
  return vscode.l10n.t("uses this connection for {0}, and another connection for repositories in its own workspace or project when git sends the repository's path (credential.useHttpPath)", host);
}
