import assert from 'node:assert/strict';
import { validateConnectForm, type ConnectForm } from '../../../src/connection/connectInput';
import { fillPlaceholders } from '../../../src/userMessage';

const token: ConnectForm = { credentialType: 'apiToken', email: 'dev@example.com', secret: 'ATCTT3xFfGN0-abc', workspace: '' };
const legacy: ConnectForm = { credentialType: 'appPassword', username: 'nora-dev', secret: 'app-password-1', workspace: '' };

function errorsOf(form: ConnectForm): Record<string, string> {
  const result = validateConnectForm(form);
  assert.equal(result.ok, false, 'expected the form to be refused');
  if (result.ok) return {};
  return Object.fromEntries(Object.entries(result.fieldErrors).map(([field, m]) => [field, fillPlaceholders(m.text, ...m.args)]));
}

describe('validateConnectForm', () => {
  it('trims every field and drops an empty workspace', () => {
    const result = validateConnectForm({ ...token, email: '  dev@example.com ', secret: '\tATCTT3x \n', workspace: '   ' });
    assert.deepEqual(result, {
      ok: true,
      input: { credentialType: 'apiToken', email: 'dev@example.com', username: undefined, secret: 'ATCTT3x', workspace: undefined },
    });
  });

  it('keeps only the fields of the chosen credential type', () => {
    const result = validateConnectForm({ ...legacy, email: 'ignored@example.com', workspace: 'acme-eng' });
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
});
