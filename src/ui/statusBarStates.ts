import type { TestFailure } from '../connection/connectionOutcomes';
import { failureMessage, shortFailureReason } from '../connection/outcomeMessages';
import type { ConnectionProfile } from '../connection/profile';
import type { ConnectionStatus } from '../connection/storedConnection';
import { storedState, type StatusBarState } from './statusBar';

/** A failed Connect, Test or Save Workspace of `profile`, as the status bar shows it. */
export function failedState(profile: ConnectionProfile | undefined, failure: TestFailure): StatusBarState {
  return { kind: 'failed', profile, reason: shortFailureReason(failure), message: failureMessage(failure) };
}

/** The stored connection as the status bar shows it; `lastFailure`: of a test of that same connection. */
export function statusBarStateFor(status: ConnectionStatus, lastFailure: TestFailure | undefined): StatusBarState {
  return status.state === 'connected' && lastFailure ? failedState(status.profile, lastFailure) : storedState(status);
}
