// @ts-check
// The Connect form. It sends what the user typed to the extension and shows what comes back.
// The secret is only ever read from its field on submit: it is never kept in setState, and the
// extension never sends it here.
(function () {
  // @ts-ignore acquireVsCodeApi is provided by the webview host.
  const vscode = acquireVsCodeApi();
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  const strings = JSON.parse(app.dataset.strings || '{}');
  const form = /** @type {HTMLFormElement} */ (document.getElementById('connect-form'));
  const status = /** @type {HTMLElement} */ (document.getElementById('status'));
  const connectionState = /** @type {HTMLElement} */ (document.getElementById('connection-state'));
  const buttons = {
    connect: /** @type {HTMLButtonElement} */ (document.getElementById('connect')),
    test: /** @type {HTMLButtonElement} */ (document.getElementById('test')),
    disconnect: /** @type {HTMLButtonElement} */ (document.getElementById('disconnect')),
    useWorkspace: /** @type {HTMLButtonElement} */ (document.getElementById('use-workspace')),
  };
  const picker = /** @type {HTMLSelectElement} */ (document.getElementById('workspace-pick'));
  /** The open folder's remote workspace, once the extension has read it. */
  let suggestion = '';
  /** @type {string[]} */
  let listed = [];
  const busyText = { connect: strings.connecting, test: strings.testing, disconnect: strings.disconnecting };
  const fields = ['email', 'username', 'secret', 'workspace'];
  const kept = ['email', 'username', 'workspace'];

  /** @param {string} id */
  const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

  function credentialType() {
    const checked = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="credentialType"]:checked'));
    return checked ? checked.value : 'apiToken';
  }

  function setCredentialType(type) {
    const radio = input(`type-${type}`);
    if (radio) radio.checked = true;
    showFieldsFor(type);
  }

  function showFieldsFor(type) {
    for (const element of document.querySelectorAll('[data-only]')) {
      /** @type {HTMLElement} */ (element).hidden = /** @type {HTMLElement} */ (element).dataset.only !== type;
    }
    const secretLabel = document.getElementById('secret-label');
    if (secretLabel) secretLabel.textContent = type === 'apiToken' ? strings.apiTokenSecret : strings.appPasswordSecret;
    showWorkspaceScope();
  }

  function showWorkspaceScope() {
    const hasWorkspace = input('workspace').value.trim() !== '';
    for (const row of document.querySelectorAll('[data-workspace-only]')) {
      /** @type {HTMLElement} */ (row).hidden = !hasWorkspace;
    }
  }

  function saveState() {
    /** @type {Record<string, string>} */
    const state = { credentialType: credentialType() };
    for (const id of kept) state[id] = input(id).value;
    vscode.setState(state);
  }

  function prefill(values) {
    if (!values) return;
    setCredentialType(values.credentialType);
    for (const id of kept) {
      if (typeof values[id] === 'string' && input(id).value === '') input(id).value = values[id];
    }
    showWorkspaceScope();
  }

  function clearErrors() {
    for (const id of fields) showFieldError(id, '');
  }

  function showFieldError(id, message) {
    const field = input(id);
    const error = /** @type {HTMLElement} */ (document.getElementById(`${id}-error`));
    error.textContent = message;
    if (message) field.setAttribute('aria-invalid', 'true');
    else field.removeAttribute('aria-invalid');
  }

  // aria-disabled rather than disabled: a disabled button drops keyboard focus to the body.
  function setBusy(busy) {
    for (const button of Object.values(buttons)) button.setAttribute('aria-disabled', String(busy));
    app.setAttribute('aria-busy', String(busy));
  }

  const isBusy = () => app.getAttribute('aria-busy') === 'true';
  /** Between the extension's "busy" and its "result": a state that arrives meanwhile keeps the form busy. */
  let actionInFlight = false;

  /** @type {HTMLElement | undefined} */
  let lastFocused;

  // VS Code's dialogs (Disconnect asks first) take focus and give the body back, and hiding the
  // focused button drops focus to the body: put it back where it was, or on Connect when that
  // control is now hidden, so keyboard users keep their place. Only while the form has focus:
  // never take it from the editor.
  function restoreFocus() {
    const active = document.activeElement;
    if (!lastFocused || !document.hasFocus() || (active !== document.body && !active?.closest('[hidden]'))) return;
    (lastFocused.closest('[hidden]') ? buttons.connect : lastFocused).focus();
  }

  function showStatus(severity, message, details) {
    status.className = `status ${severity}`;
    status.replaceChildren();
    const headline = document.createElement('p');
    headline.textContent = message;
    status.append(headline);
    if (details && details.length > 0) {
      const list = document.createElement('ul');
      for (const detail of details) {
        const item = document.createElement('li');
        item.textContent = detail;
        list.append(item);
      }
      status.append(list);
    }
  }

  // The account's workspaces as a native select (keyboard and screen readers know it); the text
  // field below stays the value sent, so a slug that is not listed can still be typed.
  function showWorkspaces() {
    const current = input('workspace').value.trim();
    const pickField = /** @type {HTMLElement} */ (document.getElementById('workspace-pick-field'));
    pickField.hidden = listed.length === 0;
    const first = document.createElement('option');
    first.value = '';
    first.textContent = strings.pickWorkspace;
    const options = listed.map((slug) => {
      const option = document.createElement('option');
      option.value = slug;
      option.textContent = slug === suggestion ? strings.fromRemote.replace('{0}', () => slug) : slug;
      option.selected = slug === current;
      return option;
    });
    picker.replaceChildren(first, ...options);
  }

  function showWorkspaceNote(workspaces) {
    listed = workspaces.slugs;
    const note = workspaces.note || '';
    /** @type {HTMLElement} */ (document.getElementById('workspace-pick-note')).textContent = listed.length > 0 ? note : '';
    const unavailable = /** @type {HTMLElement} */ (document.getElementById('workspace-pick-unavailable'));
    unavailable.textContent = listed.length > 0 ? '' : note;
    unavailable.hidden = listed.length > 0 || note === '';
    showWorkspaces();
  }

  function showSuggestion(workspace) {
    suggestion = workspace;
    if (input('workspace').value.trim() === '') input('workspace').value = workspace;
    const hint = /** @type {HTMLElement} */ (document.getElementById('workspace-suggestion'));
    hint.textContent = strings.suggested.replace('{0}', () => workspace);
    hint.hidden = false;
    showWorkspaceScope();
    showWorkspaces();
    saveState();
  }

  function showScopes(scopes) {
    for (const cell of document.querySelectorAll('.permissions .granted')) cell.textContent = '—';
    if (!scopes) return;
    const table = document.querySelector(`.permissions[data-only="${scopes.credentialType}"]`);
    if (!table) return;
    for (const row of scopes.rows) {
      const cell = table.querySelector(`tr[data-scope="${CSS.escape(row.scope)}"] .granted`);
      if (!cell) continue;
      cell.textContent = row.granted === null ? strings.notReported : row.granted ? `✓ ${strings.granted}` : `✗ ${strings.missing}`;
      cell.className = `granted ${row.granted === null ? '' : row.granted ? 'yes' : 'no'}`;
    }
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || typeof message.type !== 'string') return;
    switch (message.type) {
      case 'state':
        buttons.test.hidden = !message.connected;
        buttons.disconnect.hidden = !message.connected;
        buttons.useWorkspace.hidden = !message.connected;
        connectionState.textContent = message.connected
          ? // A function, so "$&" or "$`" in a name is not read as a replacement pattern.
            strings.connectedAs.replace('{0}', () => message.displayName || '')
          : strings.notConnected;
        prefill(message.prefill);
        saveState();
        restoreFocus();
        // Busy from the first paint until the extension's state has arrived.
        if (!actionInFlight) setBusy(false);
        break;
      case 'busy':
        actionInFlight = true;
        setBusy(true);
        showStatus('info', busyText[message.action] || strings.connecting, []);
        break;
      case 'result':
        actionInFlight = false;
        setBusy(false);
        clearErrors();
        for (const [id, error] of Object.entries(message.fieldErrors || {})) showFieldError(id, error);
        showStatus(message.severity, message.message, message.details);
        showScopes(message.scopes);
        if (message.workspaces) showWorkspaceNote(message.workspaces);
        if (message.severity !== 'error') input('secret').value = '';
        if (message.fieldErrors) {
          const first = fields.find((id) => message.fieldErrors[id]);
          if (first) input(first).focus();
        }
        break;
      case 'suggestion':
        showSuggestion(message.workspace);
        break;
    }
  });

  form.addEventListener('change', (event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (target.name === 'credentialType') {
      showFieldsFor(target.value);
      clearErrors();
    }
    saveState();
  });
  input('workspace').addEventListener('input', showWorkspaceScope);
  picker.addEventListener('change', () => {
    if (picker.value === '') return;
    input('workspace').value = picker.value;
    showWorkspaceScope();
    saveState();
  });
  form.addEventListener('input', saveState);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isBusy()) return;
    const type = credentialType();
    vscode.postMessage({
      type: 'connect',
      form: {
        credentialType: type,
        email: type === 'apiToken' ? input('email').value : undefined,
        username: type === 'appPassword' ? input('username').value : undefined,
        secret: input('secret').value,
        workspace: input('workspace').value,
      },
    });
  });
  form.addEventListener('focusin', (event) => (lastFocused = /** @type {HTMLElement} */ (event.target)));
  window.addEventListener('focus', restoreFocus);
  buttons.test.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'test' }));
  buttons.disconnect.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'disconnect' }));
  buttons.useWorkspace.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'useWorkspace', workspace: input('workspace').value }));

  const saved = vscode.getState();
  if (saved) prefill(saved);
  else showFieldsFor(credentialType());
  vscode.postMessage({ type: 'ready' });
})();
