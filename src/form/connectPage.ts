import { createApiTokenUrl, createAppPasswordUrl } from '../bitbucket/errorMapping';
import { appPasswordsRemovedOn, requiredScopes, type RequiredScope } from '../bitbucket/scopes';
import { accessTokenScopes, type AccessTokenScope, type CredentialType } from '../bitbucket/credentialType';
import type { ConnectField } from '../connection/connectFields';
import { localIsoDate, oneYearFrom, warningDays } from '../connection/tokenExpiry';
import { renderMessage, type Translate } from '../userMessage';

export interface ConnectPageResources {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** VS Code's display language (`vscode.env.language`), for the page's `lang`. */
  readonly language: string;
  /** For the expiry date: its default (a year on) and its minimum (today). */
  readonly today: Date;
}

/** A BCP 47 tag such as `en`, `pt-br` or `zh-hant-tw`; anything else is not put in the page. */
const languageTag = /^[a-z]{2,8}(?:-[a-z0-9]{1,8})*$/i;

/** The sentences the form's script shows, translated here and handed over in `data-strings`. */
export function formStrings(t: Translate) {
  return {
    connecting: t('Connecting…'),
    testing: t('Testing the connection…'),
    granted: t('Granted'),
    missing: t('Missing'),
    notReported: t('Not reported'),
    connectedAs: t('Connected as {0}.', '{0}'),
    notConnected: t('Not connected.'),
    apiTokenSecret: t('API token'),
    accessTokenSecret: t('Access token'),
    dataCenterSecret: t('HTTP access token'),
    appPasswordSecret: t('App password'),
    workspaceOptional: t('Workspace (optional)'),
    workspaceRequired: t('Workspace'),
    workspaceHint: t('The workspace slug agents default to, for example acme-eng.'),
    accessTokenWorkspaceHint: t('The workspace the access token was created in, for example acme-eng.'),
    expiryHint: t('Atlassian shows it when the token is created: one year unless you chose otherwise. Nora warns from {0} days before.', warningDays),
    accessTokenExpiryHint: t('Bitbucket asks for it when the token is created. Nora warns from {0} days before.', warningDays),
    connect: t('Connect'),
    replaceToken: t('Replace Token'),
    replacing: t('Replace the API token of {0}: paste a new token of the same account. The workspace and the rest stay as they are.', '{0}'),
    pickWorkspace: t('Pick a workspace'),
    fromRemote: t('{0} (git remote of the open folder)', '{0}'),
    suggested: t("Suggested from the open folder's git remote: {0}.", '{0}'),
  };
}
export type FormStrings = ReturnType<typeof formStrings>;

/**
 * The Connect form's HTML. Plain themed HTML, no framework: native controls give keyboard and
 * screen-reader support for free. The secret field is always rendered empty.
 */
export function renderConnectPage(resources: ConnectPageResources, t: Translate): string {
  const { cspSource, nonce, scriptUri, styleUri, language, today } = resources;
  const scriptStrings = formStrings(t);
  return `<!DOCTYPE html>
<html lang="${languageTag.test(language) ? language : 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource}; img-src ${cspSource}; font-src ${cspSource}; script-src 'nonce-${nonce}'; form-action 'none';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>${escapeHtml(t('Connect Bitbucket'))}</title>
</head>
<body>
<main id="app" aria-busy="true" data-strings="${escapeHtml(JSON.stringify(scriptStrings))}">
<h1>${escapeHtml(t('Connect Bitbucket'))}</h1>
<p id="connection-state" class="connection-state">${escapeHtml(t('Not connected.'))}</p>
<div id="notices" class="notices"></div>
<p class="intro">${escapeHtml(t("Nora's agents use this account to clone, push and open pull requests. The secret stays in VS Code's secret storage and is never shown again."))}</p>
<form id="connect-form" novalidate>
<p id="replace-note" class="replace-note" hidden><span id="replace-text"></span> ${linkedSentence(t('Create the new token at {0}.', '{0}'), createApiTokenUrl, 'id.atlassian.com')}</p>
<fieldset>
<legend>${escapeHtml(t('Credential type'))}</legend>
<div class="choice"><input type="radio" id="type-apiToken" name="credentialType" value="apiToken" checked><label for="type-apiToken">${escapeHtml(t('API token (recommended)'))}</label></div>
<div class="choice"><input type="radio" id="type-accessToken" name="credentialType" value="accessToken" aria-describedby="accessToken-note"><label for="type-accessToken">${escapeHtml(t('Access token (repository, project or workspace)'))}</label></div>
<p id="accessToken-note" class="hint">${escapeHtml(t("A bot identity: pull requests are authored by the token, not by you. Project and workspace tokens need Bitbucket's Premium plan. Atlassian's MCP server takes only API tokens, so it is not offered with an access token."))}</p>
<div class="choice"><input type="radio" id="type-dataCenter" name="credentialType" value="dataCenter" aria-describedby="dataCenter-note"><label for="type-dataCenter">${escapeHtml(t('Data Center (HTTP access token)'))}</label></div>
<p id="dataCenter-note" class="hint">${escapeHtml(t("Your company's own Bitbucket server: a personal, project or repository HTTP access token. Atlassian's MCP server and the Bitbucket tools work with Bitbucket Cloud only."))}</p>
<div class="choice"><input type="radio" id="type-appPassword" name="credentialType" value="appPassword" aria-describedby="legacy-note"><label for="type-appPassword">${escapeHtml(t('App password (legacy)'))}</label></div>
<p id="legacy-note" class="legacy-note">${escapeHtml(t('Bitbucket removed app passwords on {0} and they no longer work. Use an API token.', appPasswordsRemovedOn))}</p>
</fieldset>
${field('serverUrl', t('Server URL'), 'url', 'dataCenter', t('The address you open Bitbucket at in your browser, for example https://bitbucket.example.com.'))}
${field('email', t('Atlassian account email'), 'email', 'apiToken', t('The email you sign in to Atlassian with. API tokens use it instead of your username.'))}
<fieldset data-only="accessToken">
<legend>${escapeHtml(t('Access token for'))}</legend>
${accessTokenScopes.map((scope) => `<div class="choice"><input type="radio" id="scope-${scope}" name="accessTokenScope" value="${scope}"${scope === 'repository' ? ' checked' : ''}><label for="scope-${scope}">${escapeHtml(accessTokenScopeLabel(scope, t))}</label></div>`).join('\n')}
</fieldset>
${field('username', t('Bitbucket username'), 'text', 'appPassword', t('Your Bitbucket username, not your email: Personal settings → Bitbucket profile settings.'))}
${field('secret', t('API token'), 'password', undefined, undefined)}
${field('projectKey', t('Project key (optional)'), 'text', 'dataCenter', t('The project agents work in, for example PROJ. A project or repository token reaches only its own project.'))}
<div class="field" data-only="apiToken accessToken dataCenter">
<label for="expiresOn" id="expiresOn-label">${escapeHtml(t('Expires on'))}</label>
<input id="expiresOn" name="expiresOn" type="date" value="${oneYearFrom(today)}" min="${localIsoDate(today)}" aria-describedby="expiresOn-hint expiresOn-error">
<div class="choice"><input type="checkbox" id="expiresUnknown" name="expiresUnknown"><label for="expiresUnknown">${escapeHtml(t("I don't know"))}</label></div>
<p id="expiresOn-hint" class="hint">${escapeHtml(scriptStrings.expiryHint)}</p>
<p id="expiresOn-error" class="error"></p>
</div>
<div class="field" id="workspace-pick-field" hidden>
<label for="workspace-pick">${escapeHtml(t('Your workspaces'))}</label>
<select id="workspace-pick" aria-describedby="workspace-pick-hint workspace-pick-note"></select>
<p id="workspace-pick-hint" class="hint">${escapeHtml(t('Picking one fills in the workspace below.'))}</p>
<p id="workspace-pick-note" class="hint"></p>
</div>
<p id="workspace-pick-unavailable" class="hint" hidden></p>
${field('workspace', scriptStrings.workspaceOptional, 'text', 'apiToken accessToken appPassword', scriptStrings.workspaceHint)}
${field('repository', t('Repository'), 'text', 'accessToken', t('The repository slug the token was created in, for example widgets.'))}
<div class="buttons">
<button type="submit" id="connect">${escapeHtml(t('Connect'))}</button>
<button type="button" id="test" class="secondary" hidden>${escapeHtml(t('Test'))}</button>
<button type="button" id="disconnect" class="secondary" hidden>${escapeHtml(t('Disconnect'))}</button>
<button type="button" id="use-workspace" class="secondary" hidden>${escapeHtml(t('Save Workspace'))}</button>
</div>
</form>
<div id="status" class="status" role="status" aria-live="polite"></div>
<section aria-labelledby="permissions-heading">
<h2 id="permissions-heading">${escapeHtml(t('Permissions'))}</h2>
${permissionsFor('apiToken', t)}
${permissionsFor('accessToken', t)}
${permissionsFor('dataCenter', t)}
${permissionsFor('appPassword', t)}
</section>
</main>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}

/** `only`: the credential types (space-separated) the field is shown for; all when absent. */
function field(id: ConnectField, label: string, type: string, only: string | undefined, hint: string | undefined): string {
  const describedBy = [hint ? `${id}-hint` : '', id === 'workspace' ? 'workspace-suggestion' : '', `${id}-error`].filter(Boolean).join(' ');
  // Browsers offer to save a password field next to an email or user name field, and then keep the
  // token in their password manager; "one-time-code" on the secret and "off" on the rest stops that.
  const autocomplete = type === 'password' ? 'one-time-code' : 'off';
  // No name on the secret: a form submitted without its script (CSP form-action also forbids it) has nothing to put in a URL.
  const name = type === 'password' ? '' : ` name="${id}"`;
  return `<div class="field"${only ? ` data-only="${only}"` : ''}>
<label for="${id}" id="${id}-label">${escapeHtml(label)}</label>
<input id="${id}"${name} type="${type}" autocomplete="${autocomplete}" spellcheck="false" aria-describedby="${describedBy}">
${hint ? `<p id="${id}-hint" class="hint">${escapeHtml(hint)}</p>` : ''}
${id === 'workspace' ? '<p id="workspace-suggestion" class="hint" hidden></p>\n' : ''}<p id="${id}-error" class="error"></p>
</div>`;
}

/** The access token's kind as Bitbucket's settings pages name where it is created. */
function accessTokenScopeLabel(scope: AccessTokenScope, t: Translate): string {
  if (scope === 'project') return t('Project');
  return scope === 'workspace' ? t('Workspace') : t('Repository');
}

/** What the permissions part says for each kind: where the token is made, and how its table is titled. */
function permissionsText(type: CredentialType, t: Translate): { intro: string; caption: string; column: string; showsGranted: boolean } {
  switch (type) {
    case 'apiToken':
      return {
        intro: linkedSentence(t('Create the token at {0}: API tokens → "Create API token with scopes" → Bitbucket, and select these scopes.', '{0}'), createApiTokenUrl, 'id.atlassian.com'),
        caption: t('Scopes for an API token'),
        column: t('Scope'),
        showsGranted: true,
      };
    case 'accessToken':
      // No link: the token is created in the settings of its own repository, project or workspace.
      return {
        intro: escapeHtml(t('Create the token in Bitbucket under Repository settings, Project settings or Workspace settings → Access tokens, and select these scopes.')),
        caption: t('Scopes for an access token'),
        column: t('Scope'),
        showsGranted: true,
      };
    case 'dataCenter':
      // Made on the user's own server (no link), and Data Center never says what a token has: no Granted column.
      return {
        intro: escapeHtml(t("Create the token in Bitbucket under your profile picture → Manage account → HTTP access tokens (a personal token), or in a project's or repository's settings → HTTP access tokens. A personal token acts as you everywhere you can go; a project or repository token only there.")),
        caption: t('Permissions for a Data Center token'),
        column: t('Permission'),
        showsGranted: false,
      };
    case 'appPassword':
      return {
        intro: linkedSentence(t('App passwords were created at {0} with these permissions. They no longer work; create an API token instead.', '{0}'), createAppPasswordUrl, 'bitbucket.org'),
        caption: t('Permissions for an app password (legacy)'),
        column: t('Permission'),
        showsGranted: true,
      };
  }
}

function permissionsFor(type: CredentialType, t: Translate): string {
  const { intro, caption, column, showsGranted } = permissionsText(type, t);
  const rows = requiredScopes(type, true)
    .map((scope) => scopeRow(scope, t, showsGranted))
    .join('\n');
  const granted = showsGranted ? `<th scope="col">${escapeHtml(t('Granted'))}</th>` : '';
  return `<div class="permissions" data-only="${type}">
<p>${intro}</p>
<table>
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">${escapeHtml(column)}</th><th scope="col">${escapeHtml(t('Why'))}</th>${granted}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</div>`;
}

function scopeRow(scope: RequiredScope, t: Translate, showsGranted: boolean): string {
  const workspaceOnly = scope.scope === 'read:workspace:bitbucket' ? ' data-workspace-only hidden' : '';
  const granted = showsGranted ? '<td class="granted">—</td>' : '';
  return `<tr data-scope="${escapeHtml(scope.scope)}"${workspaceOnly}><th scope="row"><code>${escapeHtml(scope.label)}</code></th><td>${escapeHtml(renderMessage(scope.why, t))}</td>${granted}</tr>`;
}

/** `sentence` with its `{0}` as a link. */
function linkedSentence(sentence: string, href: string, linkText: string): string {
  const [before, after] = escapeHtml(sentence).split('{0}');
  return `${before}<a href="${href}">${linkText}</a>${after ?? ''}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
