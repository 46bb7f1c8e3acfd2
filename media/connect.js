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
  };
  const busyText = { connect: strings.connecting, test: strings.testing, disconnect: strings.disconnecting };
  const fields = ['email', 'username', 'secret', 'expiresOn', 'workspace'];
  const kept = ['email', 'username', 'workspace'];

  /** @param {string} id */
  const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
  const expiresUnknown = input('expiresUnknown');
  /** Replace Token: only the token, its email and its date can change. */
  let replacing = false;
  /** The stored expiry date goes into the field once, not over what the user picked since. */
  let expiryPrefilled = false;

  // "I don't know" turns the date off, so it is neither sent nor read out as a value.
  function showExpiryChoice() {
    input('expiresOn').disabled = expiresUnknown.checked;
  }

  /** @param {string | undefined} expiresOn */
  function prefillExpiry(expiresOn) {
    if (expiryPrefilled) return;
    expiryPrefilled = true;
    if (expiresOn) input('expiresOn').value = expiresOn;
    expiresUnknown.checked = !expiresOn;
    showExpiryChoice();
  }

  function setMode(replace, displayName) {
    const entering = replace && !replacing;
    replacing = replace;
    const note = /** @type {HTMLElement} */ (document.getElementById('replace-note'));
    note.hidden = !replace;
    /** @type {HTMLElement} */ (document.getElementById('replace-text')).textContent = strings.replacing.replace('{0}', () => displayName || '');
    buttons.connect.textContent = replace ? strings.replaceToken : strings.connect;
    for (const radio of form.querySelectorAll('input[name="credentialType"]')) /** @type {HTMLInputElement} */ (radio).disabled = replace;
    input('workspace').readOnly = replace;
    if (entering) {
      // A new token gets a new date: back to the default, and focus where the token goes.
      input('expiresOn').value = input('expiresOn').defaultValue;
      expiresUnknown.checked = false;
      showExpiryChoice();
      input('secret').focus();
    }
  }

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
    state.expiresOn = expiresUnknown.checked ? '' : input('expiresOn').value;
    vscode.setState(state);
  }

  function prefill(values) {
    if (!values) return;
    setCredentialType(values.credentialType);
    for (const id of kept) {
      if (typeof values[id] === 'string' && input(id).value === '') input(id).value = values[id];
    }
    if (!replacing) prefillExpiry(values.expiresOn);
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
        connectionState.textContent = message.connected
          ? // A function, so "$&" or "$`" in a name is not read as a replacement pattern.
            strings.connectedAs.replace('{0}', () => message.displayName || '')
          : strings.notConnected;
        setMode(message.connected && message.mode === 'replace', message.displayName);
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
        if (message.severity !== 'error') {
          input('secret').value = '';
          setMode(false);
        }
        if (message.fieldErrors) {
          const first = fields.find((id) => message.fieldErrors[id]);
          if (first) input(first).focus();
        }
        break;
    }
  });

  form.addEventListener('change', (event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (target === expiresUnknown) showExpiryChoice();
    if (target.name === 'credentialType') {
      showFieldsFor(target.value);
      clearErrors();
    }
    saveState();
  });
  input('workspace').addEventListener('input', showWorkspaceScope);
  form.addEventListener('input', saveState);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isBusy()) return;
    const type = credentialType();
    const expiresOn = type === 'apiToken' && !expiresUnknown.checked ? input('expiresOn').value : undefined;
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
        workspace: input('workspace').value,
        expiresOn,
      },
    });
  });
  form.addEventListener('focusin', (event) => (lastFocused = /** @type {HTMLElement} */ (event.target)));
  window.addEventListener('focus', restoreFocus);
  buttons.test.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'test' }));
  buttons.disconnect.addEventListener('click', () => isBusy() || vscode.postMessage({ type: 'disconnect' }));

  const saved = vscode.getState();
  if (saved) prefill(saved);
  else showFieldsFor(credentialType());
  vscode.postMessage({ type: 'ready' });
})();
