import assert from 'node:assert/strict';
import { validateConnectForm, type ConnectForm } from '../../../src/connection/connectInput';
import { fillPlaceholders } from '../../../src/userMessage';

const token: ConnectForm = { credentialType: 'apiToken', email: 'dev@example.com', secret: 'ATCTT3xFfGN0-abc', workspace: '' };
const legacy: ConnectForm = { credentialType: 'appPassword', username: 'nora-dev', secret: 'app-password-1', workspace: '' };

const today = new Date(2026, 2, 1, 12);

function errorsOf(form: ConnectForm): Record<string, string> {
  const result = validateConnectForm(form, today);
  assert.equal(result.ok, false, 'expected the form to be refused');
  if (result.ok) return {};
  return Object.fromEntries(Object.entries(result.fieldErrors).map(([field, m]) => [field, fillPlaceholders(m.text, ...m.args)]));
}

describe('validateConnectForm', () => {
  it('trims every field and drops an empty workspace', () => {
    const result = validateConnectForm({ ...token, email: '  dev@example.com ', secret: '\tATCTT3x \n', workspace: '   ' }, today);
    assert.deepEqual(result, {
      ok: true,
      input: { credentialType: 'apiToken', email: 'dev@example.com', username: undefined, secret: 'ATCTT3x', workspace: undefined, expiresOn: undefined },
    });
  });

  it('keeps only the fields of the chosen credential type', () => {
    const result = validateConnectForm({ ...legacy, email: 'ignored@example.com', workspace: 'acme-eng' }, today);
    assert.ok(result.ok);
    assert.equal(result.input.email, undefined);
    assert.equal(result.input.username, 'nora-dev');
    assert.equal(result.input.workspace, 'acme-eng');
  });

  it('refuses empty and whitespace-only required fields, each on its own field', () => {
    assert.deepEqual(Object.keys(errorsOf({ ...token, email: '   ', secret: '' })).sort(), ['email', 'secret']);
    assert.match(errorsOf({ ...legacy, username: ' ' }).username, /Bitbucket username not configured/);
  });

  it('hints when a username is given where the email belongs, and the reverse', () => {
    assert.match(errorsOf({ ...token, email: 'nora-dev' }).email, /Atlassian account email, not your Bitbucket username/);
    assert.match(errorsOf({ ...legacy, username: 'dev@example.com' }).username, /username, not your email/);
  });

  it('refuses workspace slugs with a slash, spaces or capitals, with a hint for each', () => {
    assert.match(errorsOf({ ...token, workspace: 'bitbucket.org/acme' }).workspace, /only the workspace slug/);
    assert.match(errorsOf({ ...token, workspace: 'acme eng' }).workspace, /no spaces/);
    assert.match(errorsOf({ ...token, workspace: 'Acme-Eng' }).workspace, /did you mean acme-eng\?/);
    assert.match(errorsOf({ ...token, workspace: 'acme!' }).workspace, /only lowercase letters/);
    for (const workspace of ['.', '..', '...', '.acme']) assert.match(errorsOf({ ...token, workspace }).workspace, /cannot start with "\."/, workspace);
    assert.ok(validateConnectForm({ ...token, workspace: 'acme.eng' }, today).ok, 'a dot inside a slug is fine');
  });

  it('refuses a pasted 10 KB secret and control characters', () => {
    assert.match(errorsOf({ ...token, secret: 'a'.repeat(10 * 1024) }).secret, /10240 characters/);
    assert.match(errorsOf({ ...token, secret: 'abc\u0000def' }).secret, /control characters/);
    assert.match(errorsOf({ ...token, secret: 'abc def' }).secret, /spaces/);
    assert.ok(errorsOf({ ...token, email: 'dev@exa\u0007mple.com' }).email);
  });

  it('refuses a ":" in the email or username, which Basic auth would split into the password', () => {
    assert.match(errorsOf({ ...token, email: 'dev:x@example.com' }).email, /cannot contain ":"/);
    assert.match(errorsOf({ ...legacy, username: 'nora:dev' }).username, /cannot contain ":"/);
  });

  it('keeps a valid expiry date for an API token, refuses a malformed or past one, and drops it for an app password', () => {
    const kept = validateConnectForm({ ...token, expiresOn: ' 2027-03-01 ' }, today);
    assert.ok(kept.ok);
    assert.equal(kept.input.expiresOn, '2027-03-01');
    assert.equal(validateConnectForm({ ...token, expiresOn: '2026-03-01' }, today).ok, true, 'expiring today is still valid');
    assert.match(errorsOf({ ...token, expiresOn: '2026-02-28' }).expiresOn, /^This date has passed/);
    assert.match(errorsOf({ ...token, expiresOn: '2027-02-29' }).expiresOn, /I don't know/);
    assert.match(errorsOf({ ...token, expiresOn: '01/03/2027' }).expiresOn, /I don't know/);
    const unknown = validateConnectForm({ ...token, expiresOn: '' }, today);
    assert.ok(unknown.ok && unknown.input.expiresOn === undefined);
    const legacyResult = validateConnectForm({ ...legacy, expiresOn: '2027-03-01' }, today);
    assert.ok(legacyResult.ok && legacyResult.input.expiresOn === undefined);
  });
});
