import vscode = require('vscode');
import type { ConnectionService } from '../connection/connectionService';
import type { ConfirmOrigin } from '../connection/origins';

/** Asks in a modal that names the new origin. */
export function originConfirmation(service: ConnectionService): ConfirmOrigin {
  return async (credentialId, change) => {
    const send = vscode.l10n.t('Send to {0}', change.current);
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Send your Bitbucket credential to {0}?', change.current),
      {
        modal: true,
        detail: vscode.l10n.t(
          'The setting {0} now points to {1}, but Bitbucket was connected at {2}. A dev container or another tool can change this setting: confirm only if you changed it yourself. Otherwise, restore the setting or connect again.',
          change.setting,
          change.current,
          change.pinned,
        ),
      },
      send,
    );
    return answer === send && service.confirmOrigin(credentialId, change);
  };
}
