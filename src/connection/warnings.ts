// What the status bar says about a stored connection. Apart from the failure messages
// (outcomeMessages.ts), which only a Connect or Test needs: the status bar loads just after
// activation, in every window, and a module's tables come with it even when unused.
import { checkScopes, type RequiredScope } from '../bitbucket/scopes';
import { userMessage, type UserMessage } from '../userMessage';
import type { ConnectionProfile } from './profile';
import { tokenExpiry, type TokenExpiry } from './tokenExpiry';

/** The same words in the form, the notification, the status bar and its tooltip. */
export function missingScopesWarning(missing: readonly RequiredScope[]): UserMessage | undefined {
  if (missing.length === 0) return undefined;
  return userMessage('The credential lacks: {0}. Agents may fail where they need it.', missing.map((s) => s.label).join(', '));
}

/** From 14 days before the expiry date: how long the token has left. The status bar, its tooltip and the notifications say it. */
export function expiryWarning(expiry: TokenExpiry | undefined): UserMessage | undefined {
  if (!expiry || expiry.phase === 'none') return undefined;
  const { daysLeft, expiresOn } = expiry;
  if (daysLeft < 0) return userMessage('The API token expired on {0}: replace it.', expiresOn);
  if (daysLeft === 0) return userMessage('The API token expires today ({0}).', expiresOn);
  if (daysLeft === 1) return userMessage('The API token expires tomorrow ({0}).', expiresOn);
  return userMessage('The API token expires in {0} days, on {1}.', daysLeft, expiresOn);
}

/** What the status bar warns about for a stored connection: missing scopes, and a token near or past its expiry date. */
export function storedConnectionWarnings(profile: ConnectionProfile, now: Date): UserMessage[] {
  const missing = checkScopes(profile.credentialType, profile.workspace !== undefined, profile.grantedScopes).missing;
  const expiry = profile.credentialType === 'apiToken' ? tokenExpiry(profile.expiresOn, now) : undefined;
  return [missingScopesWarning(missing), expiryWarning(expiry)].filter((warning) => warning !== undefined);
}

/** Another window connected again: this one must reload before it uses the new secret. */
export const changedElsewhereMessage = userMessage(
  'The Bitbucket connection was changed in another window. Reload this window to use it.',
);
export const changedElsewhereReason = userMessage('reload window');
