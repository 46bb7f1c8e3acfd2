import assert from 'node:assert/strict';
import { renderConnectPage } from '../../../src/form/connectPage';
import { fillPlaceholders } from '../../../src/userMessage';

const resources = {
  cspSource: 'https://webview.example',
  nonce: 'n0nce+/=',
  scriptUri: 'https://webview.example/media/connect.js',
  styleUri: 'https://webview.example/media/connect.css',
  language: 'en',
  today: new Date(2026, 2, 1, 12),
};
const html = renderConnectPage(resources, fillPlaceholders);

describe('renderConnectPage', () => {
  it("takes its lang from VS Code's display language, and only a language tag", () => {
    assert.match(renderConnectPage({ ...resources, language: 'pt-br' }, fillPlaceholders), /<html lang="pt-br">/);
    assert.match(renderConnectPage({ ...resources, language: '"><script>' }, fillPlaceholders), /<html lang="en">/);
  });

  it('allows nothing by default and scripts only by nonce', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-n0nce\+\/=';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /form-action 'none'/, 'a form that lost its script could submit');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="n0nce\+\/="/);
  });

  it('gives every input a visible label and an error element tied to it', () => {
    for (const id of ['serverUrl', 'email', 'username', 'secret', 'workspace', 'repository', 'projectKey']) {
      assert.match(html, new RegExp(`<label for="${id}"`));
      assert.match(html, new RegExp(`<input id="${id}"[^>]*aria-describedby="[^"]*${id}-error"`));
      assert.match(html, new RegExp(`id="${id}-error"`));
    }
    assert.match(html, /role="status"/);
  });

  it('asks when the API token expires: a year on by default, not before today, with a labelled "I don\'t know"', () => {
    assert.match(html, /<div class="field" data-only="apiToken accessToken dataCenter">\n<label for="expiresOn"[^>]*>Expires on<\/label>/);
    assert.match(html, /<input id="expiresOn" name="expiresOn" type="date" value="2027-03-01" min="2026-03-01" aria-describedby="expiresOn-hint expiresOn-error">/);
    assert.match(html, /<input type="checkbox" id="expiresUnknown" name="expiresUnknown"><label for="expiresUnknown">I don&#39;t know<\/label>/);
    assert.match(html, /<p id="replace-note"[^>]*hidden>.*<a href="https:\/\/id\.atlassian\.com\/manage-profile\/security\/api-tokens">/);
  });

  it('is marked busy until its script has the extension\'s state', () => {
    assert.match(html, /<main id="app" aria-busy="true"/);
  });

  it('puts API tokens first and says app passwords were removed', () => {
    assert.ok(html.indexOf('API token (recommended)') < html.indexOf('App password (legacy)'));
    assert.match(html, /removed app passwords on 2026-07-28/);
  });

  it('lists every required scope with why it is needed and where to create the credential', () => {
    for (const scope of ['read:user:bitbucket', 'write:repository:bitbucket', 'read:pipeline:bitbucket', 'read:workspace:bitbucket', 'Account: Read', 'Pipelines: Read']) {
      assert.match(html, new RegExp(`<tr data-scope="[^"]+"[^>]*><th scope="row"><code>${scope}</code></th><td>[^<]+</td>`));
    }
    assert.match(html, /href="https:\/\/id\.atlassian\.com\/manage-profile\/security\/api-tokens"/);
  });

  it('renders the secret field as an empty password field that browsers do not offer to save', () => {
    assert.match(html, /<input id="secret" type="password" autocomplete="one-time-code"/);
    assert.doesNotMatch(html, /<input id="secret"[^>]*\bname=/, 'a named secret field would go into a submitted URL');
    assert.doesNotMatch(html, /id="secret"[^>]*value=/);
  });
});
