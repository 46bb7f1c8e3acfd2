// The Connect form's script, bundled by esbuild.mjs into dist/media/connect.js. It sends what the
// user typed to the extension and shows what comes back. The secret is only ever read from its
// field on submit: it is never kept in setState, and the extension never sends it here.
// Only types come from the schemas (`import type`), so zod never reaches the webview.
import { connectFields, keptFields, type BusyAction, type ConnectField, type KeptField } from '../../connection/connectFields';
import type { FormStrings } from '../connectPage';
import type { PanelMessage, Prefill, WebviewMessage } from '../messages';
import { CredentialFields } from './credentialFields';
import { ExpiryField } from './expiryField';
import { showScopes, showStatus } from './statusView';
import { WorkspacePicker } from './workspacePicker';

interface WebviewApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: Prefill): void;
}
declare function acquireVsCodeApi(): WebviewApi;

type ResultMessage = Extract<PanelMessage, { type: 'result' }>;

const vscode = acquireVsCodeApi();
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => element<HTMLInputElement>(id);
const app = element('app');
const strings = JSON.parse(app.dataset['strings'] ?? '{}') as FormStrings;
const form = element<HTMLFormElement>('connect-form');
const connectionState = element('connection-state');
const buttons = {
  connect: element<HTMLButtonElement>('connect'),
  test: element<HTMLButtonElement>('test'),
  disconnect: element<HTMLButtonElement>('disconnect'),
  useWorkspace: element<HTMLButtonElement>('use-workspace'),
};
const busyText: Record<BusyAction, string> = { connect: strings.connecting, test: strings.testing };
const expiry = new ExpiryField(input('expiresOn'), input('expiresUnknown'));
const workspaces = new WorkspacePicker(strings, input('workspace'), () => {
  showWorkspaceScope();
  saveState();
});
const fields = new CredentialFields(form, strings);
/** Replace Token: only the token, its email and its date can change. */
let replacing = false;

function showFields(): void {
  fields.show();
  showWorkspaceScope();
}

function showWorkspaceScope(): void {
  const hasWorkspace = input('workspace').value.trim() !== '';
  for (const row of document.querySelectorAll<HTMLElement>('[data-workspace-only]')) row.hidden = !hasWorkspace;
}

function saveState(): void {
  const state: Prefill = { credentialType: fields.type, accessTokenScope: fields.scope };
  for (const id of keptFields) state[id] = input(id).value;
  state.expiresOn = expiry.value;
  vscode.setState(state);
}

/** From the extension or from setState: the kept fields only into empty ones, the expiry date only once. */
function prefill(values: Partial<Record<KeptField | 'credentialType' | 'accessTokenScope' | 'expiresOn', unknown>> | undefined): void {
  if (!values) return;
  fields.choose(values.credentialType, values.accessTokenScope);
  for (const id of keptFields) {
    const value = values[id];
    if (typeof value === 'string' && input(id).value === '') input(id).value = value;
  }
  if (!replacing) expiry.prefill(typeof values.expiresOn === 'string' ? values.expiresOn : undefined);
  showWorkspaceScope();
}

function setReplacing(replace: boolean, displayName: string | undefined): void {
  const entering = replace && !replacing;
  replacing = replace;
  element('replace-note').hidden = !replace;
  element('replace-text').textContent = strings.replacing.replace('{0}', () => displayName ?? '');
  buttons.connect.textContent = replace ? strings.replaceToken : strings.connect;
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="credentialType"]')) radio.disabled = replace;
  input('workspace').readOnly = replace;
  workspaces.disabled = replace;
  if (replace) buttons.useWorkspace.hidden = true;
  if (entering) {
    // A new token gets a new date, and the token field the focus.
    expiry.reset();
    input('secret').focus();
  }
}

function clearErrors(): void {
  for (const id of connectFields) showFieldError(id, '');
}

function showFieldError(id: ConnectField, message: string): void {
  element(`${id}-error`).textContent = message;
  if (message) input(id).setAttribute('aria-invalid', 'true');
  else input(id).removeAttribute('aria-invalid');
}

// aria-disabled rather than disabled: a disabled button drops keyboard focus to the body.
function setBusy(busy: boolean): void {
  for (const button of Object.values(buttons)) button.setAttribute('aria-disabled', String(busy));
  app.setAttribute('aria-busy', String(busy));
}

const isBusy = () => app.getAttribute('aria-busy') === 'true';
/** Between the extension's "busy" and its "result": a state that arrives meanwhile keeps the form busy. */
let actionInFlight = false;
let lastFocused: HTMLElement | undefined;

// VS Code's dialogs (Disconnect asks first) take focus and give the body back, and hiding the
// focused button drops focus to the body: put it back where it was, or on Connect when that
// control is now hidden, so keyboard users keep their place. Only while the form has focus:
// never take it from the editor.
function restoreFocus(): void {
  const active = document.activeElement;
  if (!lastFocused || !document.hasFocus() || (active !== document.body && !active?.closest('[hidden]'))) return;
  (lastFocused.closest('[hidden]') ? buttons.connect : lastFocused).focus();
}

function showResult(message: ResultMessage): void {
  actionInFlight = false;
  setBusy(false);
  clearErrors();
  const fieldErrors = message.fieldErrors ?? {};
  for (const id of connectFields) {
    const error = fieldErrors[id];
    if (error) showFieldError(id, error);
  }
  showStatus(message.severity, message.message, message.details);
  showScopes(message.scopes, strings);
  if (message.workspaces) workspaces.showChoices(message.workspaces);
  if (message.severity !== 'error') {
    input('secret').value = '';
    setReplacing(false, undefined);
  }
  const first = connectFields.find((id) => fieldErrors[id]);
  if (first) input(first).focus();
  else restoreFocus();
}

/** Each notice a paragraph of plain text (textContent: nothing in it is markup). */
function showNotices(notices: readonly string[]): void {
  element('notices').replaceChildren(
    ...notices.map((notice) => {
      const paragraph = document.createElement('p');
      paragraph.className = 'notice';
      paragraph.textContent = notice;
      return paragraph;
    }),
  );
}

// A dialog (Disconnect's) gives focus back to the form only after it closes, which may be after
// the extension's answer: put it back then too. Not when a click brings focus back: the click
// decides where it goes, and moving it would scroll the form under the pointer.
let pointerDown = false;
window.addEventListener('pointerdown', () => (pointerDown = true), true);
window.addEventListener('pointerup', () => (pointerDown = false), true);
window.addEventListener('blur', () => (pointerDown = false));
window.addEventListener('focus', () => pointerDown || restoreFocus());

// The extension checks what it sends against panelMessageSchema (in tests); here only the shape of the envelope.
window.addEventListener('message', (event: MessageEvent<PanelMessage>) => {
  const message = event.data;
  if (!message || typeof message.type !== 'string') return;
  switch (message.type) {
    case 'state':
      buttons.test.hidden = !message.connected;
      buttons.disconnect.hidden = !message.connected;
      // Data Center has projects, not workspaces: nothing to save.
      buttons.useWorkspace.hidden = !message.connected || message.prefill?.credentialType === 'dataCenter';
      connectionState.textContent = message.connected
        ? // A function, so "$&" or "$`" in a name is not read as a replacement pattern.
          strings.connectedAs.replace('{0}', () => message.displayName ?? '')
        : strings.notConnected;
      setReplacing(message.connected && message.mode === 'replace', message.displayName);
      showNotices(message.notices ?? []);
      prefill(message.prefill);
      saveState();
      restoreFocus();
      // Busy from the first paint until the extension's state has arrived.
      if (!actionInFlight) setBusy(false);
      break;
    case 'busy':
      actionInFlight = true;
      setBusy(true);
      showStatus('info', busyText[message.action], []);
      break;
    case 'result':
      showResult(message);
      break;
    case 'suggestion':
      workspaces.suggest(message.workspace);
      break;
  }
});

form.addEventListener('change', (event) => {
  const target = event.target as HTMLInputElement;
  if (target.name === 'credentialType' || target.name === 'accessTokenScope') {
    showFields();
    clearErrors();
  }
  saveState();
});
input('workspace').addEventListener('input', showWorkspaceScope);
form.addEventListener('input', saveState);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (isBusy()) return;
  const type = fields.type;
  // Access and Data Center tokens expire as API tokens do; app passwords had no date.
  const expiresOn = type !== 'appPassword' ? expiry.value || undefined : undefined;
  if (replacing) {
    vscode.postMessage({ type: 'replaceToken', form: { email: input('email').value, secret: input('secret').value, expiresOn } });
    return;
  }
  vscode.postMessage({
    type: 'connect',
    form: {
      credentialType: type,
      email: type === 'apiToken' ? input('email').value : undefined,
      username: type === 'appPassword' ? input('username').value : undefined,
      secret: input('secret').value,
      workspace: type === 'dataCenter' ? undefined : input('workspace').value,
      ...(type === 'accessToken' && { accessTokenScope: fields.scope, repository: fields.scope === 'repository' ? input('repository').value : undefined }),
      ...(type === 'dataCenter' && { serverUrl: input('serverUrl').value, projectKey: input('projectKey').value }),
      expiresOn,
    },
  });
});
form.addEventListener('focusin', (event) => (lastFocused = event.target as HTMLElement));
buttons.test.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'test' }));
buttons.disconnect.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'disconnect' }));
buttons.useWorkspace.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'useWorkspace', workspace: input('workspace').value }));

const saved = vscode.getState();
if (saved && typeof saved === 'object') prefill(saved);
else showFields();
vscode.postMessage({ type: 'ready' });
