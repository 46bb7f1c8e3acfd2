import vscode = require('vscode');
import { commandIds } from '../commandIds';
import type { ActiveChoice } from './activeConnection';
import { identityOf } from './connectionList';
import { connectionName } from './connectionLabels.vscode';

const askedKey = 'nora.bitbucket.tieAsked';

/**
 * Two or more connections match this folder's remote equally (say a person's API token and a
 * repository access token of the same workspace): says so once per workspace and tie, and offers
 * Switch Bitbucket Account. The pick, once made, settles it (activeConnection.ts).
 */
export function tieNotice(workspaceState: vscode.Memento): (choice: ActiveChoice) => void {
  return (choice) => {
    if (choice.kind !== 'chosen' || choice.tiedWith.length < 2 || choice.reason === 'picked') return;
    const tie = choice.tiedWith.map(identityOf).sort().join('\n');
    if (workspaceState.get<string>(askedKey) === tie) return;
    void workspaceState.update(askedKey, tie);
    const choose = vscode.l10n.t('Choose…');
    const names = choice.tiedWith.map(connectionName).join(', ');
    const message = vscode.l10n.t(
      "{0} Bitbucket connections match this folder's remote: {1}. This window uses {2}, the most recently connected, until you choose.",
      choice.tiedWith.length,
      names,
      connectionName(choice.connection),
    );
    void Promise.resolve(vscode.window.showInformationMessage(message, choose)).then((answer) => answer === choose && vscode.commands.executeCommand(commandIds.switchAccount));
  };
}
