import type { FormMode } from '../connection/connectFields';
import type { ReplaceOutcome, TestOutcome } from '../connection/connectionOutcomes';
import { failureMessage, reportWarnings, successMessage, workspaceListNote } from '../connection/connectionMessages';
import type { ConnectionProfile } from '../connection/profile';
import { renderMessage, type Translate } from '../userMessage';
import type { PanelMessage } from './messages';

/** The form's view of the stored connection: everything but the secret. */
export function stateMessage(profile: ConnectionProfile | undefined, mode: FormMode): PanelMessage {
  if (!profile) return { type: 'state', connected: false, mode: 'connect' };
  return {
    type: 'state',
    connected: true,
    mode,
    displayName: profile.displayName,
    prefill: {
      credentialType: profile.credentialType,
      email: profile.credentialType === 'apiToken' ? profile.email : undefined,
      username: profile.credentialType === 'appPassword' ? profile.username : undefined,
      workspace: profile.workspace,
      ...(profile.accessTokenScope && { accessTokenScope: profile.accessTokenScope, repository: profile.repository }),
      ...(profile.credentialType === 'dataCenter' && { serverUrl: profile.serverUrl, projectKey: profile.projectKey }),
      expiresOn: profile.expiresOn,
    },
  };
}

export function resultMessage(outcome: ReplaceOutcome | TestOutcome, t: Translate): PanelMessage {
  if (!outcome.ok) {
    const { failure } = outcome;
    const fieldErrors =
      failure.kind === 'invalidInput'
        ? Object.fromEntries(Object.entries(failure.fieldErrors).map(([field, message]) => [field, renderMessage(message, t)]))
        : undefined;
    return { type: 'result', severity: 'error', message: renderMessage(failureMessage(failure), t), details: [], fieldErrors };
  }
  const { report } = outcome;
  const warnings = reportWarnings(report);
  const list = report.workspaces;
  const note = list && workspaceListNote(list);
  const workspaces = list && { slugs: list.status === 'listed' ? [...list.slugs] : [], ...(note && { note: renderMessage(note, t) }) };
  return {
    type: 'result',
    severity: warnings.length > 0 ? 'warning' : 'success',
    message: renderMessage(successMessage(report), t),
    details: warnings.map((warning) => renderMessage(warning, t)),
    scopes: {
      credentialType: report.profile.credentialType,
      rows: report.scopes.items.map((item) => ({ scope: item.scope, granted: item.granted ?? null })),
    },
    ...(workspaces && { workspaces }),
  };
}
