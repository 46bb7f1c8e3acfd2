import vscode = require('vscode');
import { activeReasonText, connectionName, credentialText, hostText, placeText } from './connectionLabels.vscode';
import type { ConnectionService } from './connectionService';
import type { ConnectionProfile } from './profile';

type Item = vscode.QuickPickItem & { readonly pick: ConnectionProfile | 'all' };

/**
 * Asks which connection: each with its kind, host, workspace or project and expiry, the one this
 * window uses marked and why, a connection whose secret is missing marked as broken. `all`: also
 * offer every connection at once. `undefined`: the user cancelled.
 */
export async function pickConnection(
  service: ConnectionService,
  options: { readonly title: string; readonly placeholder: string; readonly all?: string },
): Promise<ConnectionProfile | 'all' | undefined> {
  const l10n = vscode.l10n;
  const choice = service.choice();
  const activeId = choice.kind === 'chosen' ? choice.connection.credentialId : undefined;
  const items: Item[] = await Promise.all(
    service.list().map(async (profile): Promise<Item> => {
      const broken = (await service.status(profile.credentialId)).state !== 'connected';
      const place = placeText(profile);
      const active = profile.credentialId === activeId && choice.kind === 'chosen';
      return {
        pick: profile,
        label: connectionName(profile),
        description: [credentialText(profile), hostText(profile), ...(place ? [place] : [])].join(' · '),
        detail: [
          ...(active ? [l10n.t('$(check) In use here: {0}', activeReasonText(choice.reason))] : []),
          ...(broken ? [l10n.t('$(warning) Its secret is missing: reconnect it')] : []),
          profile.credentialType === 'appPassword' ? l10n.t('No expiry date') : l10n.t('Expires {0}', profile.expiresOn ?? l10n.t('(unknown)')),
        ].join(' · '),
      };
    }),
  );
  if (options.all !== undefined) items.push({ pick: 'all', label: options.all, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeholder, matchOnDescription: true, matchOnDetail: true });
  return picked?.pick;
}
