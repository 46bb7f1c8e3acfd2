/**
 * When the API token expires, as the user entered it. Bitbucket's API cannot tell a token its own
 * expiry date, so the date comes from the form (Atlassian shows it when the token is created).
 *
 * Dates are calendar dates (`YYYY-MM-DD`) in the user's local time zone, like Atlassian's own
 * page: "days left" counts local midnights between today and the expiry date, so it is 0 on the
 * date itself ("expires today") and the token counts as expired from the next local day on.
 *
 * Pure and small, with no zod: the status bar evaluates it at activation.
 */

/** Days left at which the status bar starts to warn. */
export const warningDays = 14;
/** Days left at which a notification offers Replace Token, most urgent last. */
export const notifyAtDays = [7, 1] as const;

export type ExpiryPhase = 'none' | 'warning' | 'expired';

export interface TokenExpiry {
  readonly expiresOn: string;
  /** Negative once expired. */
  readonly daysLeft: number;
  readonly phase: ExpiryPhase;
  /** The notification threshold reached (7 or 1), if any: what a notification is due for. */
  readonly threshold: (typeof notifyAtDays)[number] | undefined;
}

/** `YYYY-MM-DD` that names a real calendar day (no 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `now`'s calendar date in local time, as `YYYY-MM-DD`. */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Atlassian's default lifetime for a new token: the same day next year (28 Feb for 29 Feb). */
export function oneYearFrom(now: Date): string {
  const next = new Date(now.getFullYear() + 1, now.getMonth(), now.getDate());
  if (next.getMonth() !== now.getMonth()) next.setDate(0);
  return localIsoDate(next);
}

/** Whole local days from `now`'s date to `expiresOn` (both as calendar days, so DST does not matter). */
export function daysLeft(expiresOn: string, now: Date): number {
  const dayNumber = (iso: string) => {
    const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
    return Date.UTC(year, month - 1, day) / 86_400_000;
  };
  return dayNumber(expiresOn) - dayNumber(localIsoDate(now));
}

/** The expiry of a stored token, or `undefined` when the user did not know it. */
export function tokenExpiry(expiresOn: string | undefined, now: Date): TokenExpiry | undefined {
  if (expiresOn === undefined || !isIsoDate(expiresOn)) return undefined;
  const left = daysLeft(expiresOn, now);
  const phase: ExpiryPhase = left < 0 ? 'expired' : left <= warningDays ? 'warning' : 'none';
  const threshold = left < 0 ? undefined : [...notifyAtDays].reverse().find((days) => left <= days);
  return { expiresOn, daysLeft: left, phase, threshold };
}

/** A 401 on or after the expiry date is the expiry, not a wrong token. */
export function hasReachedExpiry(expiresOn: string | undefined, now: Date): expiresOn is string {
  return expiresOn !== undefined && isIsoDate(expiresOn) && daysLeft(expiresOn, now) <= 0;
}

/**
 * Which notification to show now, given the thresholds already shown for this token (see
 * `expiryNoticeKey`): only the most urgent one reached, and each at most once.
 */
export function dueNotification(expiry: TokenExpiry | undefined, shown: readonly number[]): number | undefined {
  const threshold = expiry?.threshold;
  if (threshold === undefined || shown.some((days) => days <= threshold)) return undefined;
  return threshold;
}

/** What the shown thresholds are remembered under: a new token (or a new date) starts afresh. */
export function expiryNoticeKey(credentialId: string, expiresOn: string): string {
  return `${credentialId}/${expiresOn}`;
}
