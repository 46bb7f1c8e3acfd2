// What the extension says about a connection: its warnings, and the outcome of a Connect or Test.
import type { CredentialType } from '../bitbucket/credentialType';
import type { BitbucketErrorKind } from '../bitbucket/errors';
import { checkScopes, type RequiredScope } from '../bitbucket/scopes';
import type { WorkspaceList } from '../bitbucket/workspaceList';
import { userMessage, type UserMessage } from '../userMessage';
import type { ConnectionReport, ReplaceFailure, TestFailure, TestOutcome } from './connectionOutcomes';
import { originChangeMessage } from './origins';
import type { ConnectionProfile } from './profile';
import { tokenExpiry, type TokenExpiry } from './tokenExpiry';

/** Warnings for a connection that works but is not all it should be. */
export function reportWarnings(report: ConnectionReport): UserMessage[] {
  const warnings: UserMessage[] = [];
  const missingScopes = missingScopesWarning(report.scopes.missing);
  if (missingScopes) warnings.push(missingScopes);
  const { profile } = report;
  // A project key does not narrow a personal token: agents get all the user can do (issue 24).
  if (profile.credentialType === 'dataCenter' && profile.tokenOwner === 'person' && profile.projectKey !== undefined) {
    warnings.push(
      userMessage(
        'This is a personal token of {0}: it reaches every project {0} can, not only {1}. For an agent that should work in {1} alone, create a project token in the settings of {1}.',
        profile.displayName,
        profile.projectKey,
      ),
    );
  }
  const workspace = report.profile.workspace;
  switch (report.workspace?.status) {
    case 'notFound':
      warnings.push(userMessage('No workspace "{0}", or you are not a member of it.', workspace ?? ''));
      break;
    case 'cannotVerify':
      warnings.push(userMessage('Could not verify the workspace "{0}": the token lacks read:workspace:bitbucket.', workspace ?? ''));
      break;
    case 'failed':
      warnings.push(userMessage('Could not verify the workspace "{0}": {1}', workspace ?? '', report.workspace.error.userMessage));
      break;
  }
  return warnings;
}

/** The one line under the workspace list when it is not the whole list. */
export function workspaceListNote(list: WorkspaceList): UserMessage | undefined {
  switch (list.status) {
    case 'listed':
      return list.truncated ? userMessage('Only the first {0} workspaces are listed; type the slug of another one.', list.slugs.length) : undefined;
    case 'missingScope':
      return userMessage('Your workspaces cannot be listed: the credential lacks {0}. Type the workspace slug instead.', list.scope);
    case 'failed':
      return userMessage('Your workspaces could not be listed: {0}', list.error.message);
  }
}

export function successMessage(report: ConnectionReport): UserMessage {
  const { profile } = report;
  if (profile.credentialType === 'dataCenter') {
    return userMessage('Connected to Bitbucket Data Center {0} at {1} as {2}.', profile.serverVersion ?? '', profile.serverUrl ?? '', profile.displayName);
  }
  if (report.profile.credentialType === 'accessToken') return userMessage('Connected to Bitbucket with the access token of {0}.', report.profile.displayName);
  return userMessage('Connected to Bitbucket as {0}.', report.profile.displayName);
}

/** The full sentence for a failure. `invalidInput` is shown field by field instead. */
export function failureMessage(failure: ReplaceFailure): UserMessage {
  switch (failure.kind) {
    case 'invalidInput':
      return userMessage('Check the highlighted fields.');
    case 'settings':
    case 'tooMany':
      return failure.problem;
    case 'bitbucket':
      return failure.error.userMessage;
    case 'storage':
      return userMessage(
        "VS Code's secret storage refused to save the credential, so nothing was changed. On Linux, check that a keyring (such as GNOME Keyring or KWallet) is available.",
      );
    case 'disconnectedMeanwhile':
      return userMessage('Bitbucket was disconnected while the credential was being checked, so nothing was stored.');
    case 'notConnected':
      return userMessage('Bitbucket is not connected.');
    case 'changedElsewhere':
      return changedElsewhereMessage;
    case 'originChanged':
      return originChangeMessage(failure.change);
    case 'otherAccount':
      return userMessage(
        'This token belongs to {0}, not to {1}, whose token it should replace. Nothing was changed. To use the other account, disconnect and connect it instead.',
        failure.tokenOf,
        failure.connected,
      );
  }
}

const shortReasons: Record<BitbucketErrorKind, UserMessage> = {
  missingUsername: userMessage('no username'),
  unauthorized: userMessage('401 Unauthorized'),
  tokenExpired: userMessage('token expired'),
  forbidden: userMessage('403 Forbidden'),
  notFound: userMessage('404 Not Found'),
  wrongTokenKind: userMessage('other token kind'),
  notDataCenter: userMessage('not Bitbucket Data Center'),
  gone: userMessage('410 Gone'),
  rateLimited: userMessage('rate limited'),
  serverError: userMessage('Bitbucket error'),
  unexpectedStatus: userMessage('unexpected answer'),
  redirectRefused: userMessage('redirect refused'),
  invalidResponse: userMessage('unreadable answer'),
  timeout: userMessage('timed out'),
  cancelled: userMessage('cancelled'),
  hostNotFound: userMessage('offline?'),
  connectionRefused: userMessage('connection refused'),
  certificate: userMessage('certificate not trusted'),
  network: userMessage('network error'),
};

/** A few words for the status bar. */
export function shortFailureReason(failure: TestFailure): UserMessage {
  switch (failure.kind) {
    case 'bitbucket':
      return shortReasons[failure.error.kind];
    case 'settings':
      return userMessage('settings refused');
    case 'tooMany':
      return userMessage('too many connections');
    case 'storage':
      return userMessage('not saved');
    case 'invalidInput':
      return userMessage('invalid input');
    case 'disconnectedMeanwhile':
    case 'notConnected':
      return userMessage('not connected');
    case 'changedElsewhere':
      return changedElsewhereReason;
    case 'originChanged':
      return userMessage('new host: confirm');
  }
}

/**
 * What the status bar keeps of a Test or Save Workspace: the warnings, or why it failed, in a few
 * words and in full. `notConnected`: nothing was checked, so the status bar shows what is stored.
 */
export type CheckFinding =
  | { readonly warnings: readonly UserMessage[] }
  | { readonly failed: { readonly reason: UserMessage; readonly message: UserMessage }; readonly notConnected: boolean };

/** Made on first use, where a check runs: activation needs none of these sentences. */
export function checkFinding(outcome: TestOutcome): CheckFinding {
  if (outcome.ok) return { warnings: reportWarnings(outcome.report) };
  return { failed: { reason: shortFailureReason(outcome.failure), message: failureMessage(outcome.failure) }, notConnected: outcome.failure.kind === 'notConnected' };
}

/** The same words in the form, the notification, the status bar and its tooltip. */
export function missingScopesWarning(missing: readonly RequiredScope[]): UserMessage | undefined {
  if (missing.length === 0) return undefined;
  return userMessage('The credential lacks: {0}. Agents may fail where they need it.', missing.map((s) => s.label).join(', '));
}

/** From 14 days before the expiry date: how long the token has left. The status bar, its tooltip and the notifications say it. */
export function expiryWarning(expiry: TokenExpiry | undefined, type: CredentialType = 'apiToken'): UserMessage | undefined {
  if (!expiry || expiry.phase === 'none') return undefined;
  const { daysLeft, expiresOn } = expiry;
  if (type === 'dataCenter') {
    if (daysLeft < 0) return userMessage('The Data Center token expired on {0}: create a new one and connect again.', expiresOn);
    if (daysLeft === 0) return userMessage('The Data Center token expires today ({0}).', expiresOn);
    if (daysLeft === 1) return userMessage('The Data Center token expires tomorrow ({0}).', expiresOn);
    return userMessage('The Data Center token expires in {0} days, on {1}.', daysLeft, expiresOn);
  }
  if (type === 'accessToken') {
    if (daysLeft < 0) return userMessage('The access token expired on {0}: create a new one and connect again.', expiresOn);
    if (daysLeft === 0) return userMessage('The access token expires today ({0}).', expiresOn);
    if (daysLeft === 1) return userMessage('The access token expires tomorrow ({0}).', expiresOn);
    return userMessage('The access token expires in {0} days, on {1}.', daysLeft, expiresOn);
  }
  if (daysLeft < 0) return userMessage('The API token expired on {0}: replace it.', expiresOn);
  if (daysLeft === 0) return userMessage('The API token expires today ({0}).', expiresOn);
  if (daysLeft === 1) return userMessage('The API token expires tomorrow ({0}).', expiresOn);
  return userMessage('The API token expires in {0} days, on {1}.', daysLeft, expiresOn);
}

/** What the status bar warns about for a stored connection: missing scopes, and a token near or past its expiry date. */
export function storedConnectionWarnings(profile: ConnectionProfile, now: Date): UserMessage[] {
  const missing = checkScopes(profile.credentialType, profile.workspace !== undefined, profile.grantedScopes).missing;
  // Access and Data Center tokens expire as API tokens do; app passwords had no date.
  const expiry = profile.credentialType !== 'appPassword' ? tokenExpiry(profile.expiresOn, now) : undefined;
  return [missingScopesWarning(missing), expiryWarning(expiry, profile.credentialType)].filter((warning) => warning !== undefined);
}

/**
 * What a connection's credential is, e.g. "API token (ada@example.com)": the status bar's tooltip,
 * the account lists and an agent terminal's first line translate it, the agent tools' account
 * line says it as is.
 */
export function credentialMessage(profile: ConnectionProfile): UserMessage {
  switch (profile.credentialType) {
    case 'apiToken':
      return userMessage('API token ({0})', profile.email ?? '');
    case 'appPassword':
      return userMessage('App password (legacy)');
    case 'dataCenter':
      return profile.tokenOwner === 'service' ? userMessage('Data Center project or repository token') : userMessage('Data Center personal token');
    case 'accessToken':
      if (profile.accessTokenScope === 'project') return userMessage('Project access token');
      return profile.accessTokenScope === 'workspace' ? userMessage('Workspace access token') : userMessage('Repository access token');
  }
}

/** The connection's secret is not in this window's SecretStorage: never paired with another one. */
export const changedElsewhereMessage = userMessage(
  "This Bitbucket connection's secret is missing: another window may have changed it, or the system keyring lost it. Reconnect it, or reload this window if another window has just connected it.",
);
export const changedElsewhereReason = userMessage('secret missing: reload or reconnect');
