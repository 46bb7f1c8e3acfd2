import type { FormStrings } from '../connectPage';
import type { PanelMessage } from '../messages';

type ResultMessage = Extract<PanelMessage, { type: 'result' }>;

/** The status line under the buttons: a headline and the details, as a live region reads them out. */
export function showStatus(severity: ResultMessage['severity'] | 'info', message: string, details: readonly string[]): void {
  const status = document.getElementById('status') as HTMLElement;
  status.className = `status ${severity}`;
  const headline = document.createElement('p');
  headline.textContent = message;
  status.replaceChildren(headline);
  if (details.length === 0) return;
  const list = document.createElement('ul');
  for (const detail of details) {
    const item = document.createElement('li');
    item.textContent = detail;
    list.append(item);
  }
  status.append(list);
}

/** The Granted column of the permissions table for the credential type the result is about. */
export function showScopes(scopes: ResultMessage['scopes'], strings: FormStrings): void {
  for (const cell of document.querySelectorAll('.permissions .granted')) cell.textContent = '—';
  const table = scopes && document.querySelector(`.permissions[data-only="${scopes.credentialType}"]`);
  if (!scopes || !table) return;
  for (const row of scopes.rows) {
    const cell = table.querySelector(`tr[data-scope="${CSS.escape(row.scope)}"] .granted`);
    if (!cell) continue;
    cell.textContent = row.granted === null ? strings.notReported : row.granted ? `✓ ${strings.granted}` : `✗ ${strings.missing}`;
    cell.className = `granted ${row.granted === null ? '' : row.granted ? 'yes' : 'no'}`;
  }
}
