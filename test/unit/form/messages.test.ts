import assert from 'node:assert/strict';
import fc from 'fast-check';
import { webviewMessageSchema, panelMessageSchema } from '../../../src/form/messages';
import { resultMessage, stateMessage } from '../../../src/form/panelMessages';
import { fillPlaceholders } from '../../../src/userMessage';
import { BitbucketError } from '../../../src/bitbucket/errors';
import { userMessage } from '../../../src/userMessage';
import { checkScopes } from '../../../src/bitbucket/scopes';
import type { WorkspaceList } from '../../../src/bitbucket/workspaceList';
import { fuzzRuns } from '../../support/fuzz';
import { testProfile } from '../../support/profiles';

describe('webview message schemas', () => {
  it('accepts the messages the form sends', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'test' },
      { type: 'disconnect' },
      { type: 'connect', form: { credentialType: 'apiToken', email: 'a@b.co', secret: 'x', workspace: '', expiresOn: '2027-03-01' } },
      { type: 'replaceToken', form: { email: 'a@b.co', secret: 'x', expiresOn: '2027-03-01' } },
      { type: 'replaceToken', form: { email: 'a@b.co', secret: 'x' } },
    ]) {
      assert.ok(webviewMessageSchema.safeParse(message).success, JSON.stringify(message));
    }
  });

  it('drops anything else without throwing (property test)', () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }), (value) => {
        const parsed = webviewMessageSchema.safeParse(value);
        if (parsed.success) assert.ok(['ready', 'test', 'disconnect', 'connect', 'replaceToken', 'useWorkspace'].includes(parsed.data.type));
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('drops connect messages with a wrong shape (property test)', () => {
    const form = fc.record({
      credentialType: fc.oneof(fc.constantFrom('apiToken', 'appPassword', 'oauth', ''), fc.anything()),
      email: fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }),
      secret: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
    });
    fc.assert(
      fc.property(form, (value) => {
        const parsed = webviewMessageSchema.safeParse({ type: 'connect', form: value });
        const wellFormed =
          (value.credentialType === 'apiToken' || value.credentialType === 'appPassword') &&
          typeof value.secret === 'string' &&
          (value.email === undefined || typeof value.email === 'string');
        assert.equal(parsed.success, wellFormed);
      }),
      { numRuns: fuzzRuns },
    );
  });
});

describe('messages to the form', () => {
  const profile = testProfile({ email: 'dev@example.com', username: 'nora-dev', displayName: 'Nora', workspace: undefined });

  it('prefills everything but the secret, and fits the schema', () => {
    const message = stateMessage({ ...profile, expiresOn: '2027-03-01' }, 'replace');
    assert.ok(panelMessageSchema.safeParse(message).success);
    assert.deepEqual(message, {
      type: 'state',
      connected: true,
      mode: 'replace',
      displayName: 'Nora',
      prefill: { credentialType: 'apiToken', email: 'dev@example.com', username: undefined, workspace: undefined, expiresOn: '2027-03-01' },
    });
    assert.deepEqual(stateMessage(undefined, 'replace'), { type: 'state', connected: false, mode: 'connect' }, 'nothing to replace');
  });

  it('drops Replace Token messages that carry anything but text', () => {
    for (const form of [{ secret: 1 }, { secret: 'x', expiresOn: 20270301 }, { email: null, secret: 'x' }, {}]) {
      assert.equal(webviewMessageSchema.safeParse({ type: 'replaceToken', form }).success, false, JSON.stringify(form));
    }
  });

  it('turns outcomes into results that fit the schema', () => {
    const success = resultMessage(
      { ok: true, report: { profile, workspace: { status: 'notFound' }, scopes: checkScopes('apiToken', true, ['read:user:bitbucket']) } },
      fillPlaceholders,
    );
    assert.ok(panelMessageSchema.safeParse(success).success);
    assert.equal(success.type === 'result' && success.severity, 'warning');
    const failure = resultMessage(
      { ok: false, failure: { kind: 'bitbucket', error: new BitbucketError('unauthorized', userMessage('no')) } },
      fillPlaceholders,
    );
    assert.deepEqual(failure, { type: 'result', severity: 'error', message: 'no', details: [], fieldErrors: undefined });
    const invalid = resultMessage({ ok: false, failure: { kind: 'invalidInput', fieldErrors: { email: userMessage('bad {0}', 'email') } } }, fillPlaceholders);
    assert.ok(invalid.type === 'result' && invalid.fieldErrors?.email === 'bad email');
  });

  it('offers the listed workspaces, and says in one line when the list was cut or could not be read', () => {
    const scopes = checkScopes('apiToken', false, undefined);
    const withList = (workspaces: WorkspaceList) => {
      const message = resultMessage({ ok: true, report: { profile, workspace: undefined, scopes, workspaces } }, fillPlaceholders);
      assert.ok(panelMessageSchema.safeParse(message).success);
      return message.type === 'result' ? message.workspaces : undefined;
    };
    assert.deepEqual(withList({ status: 'listed', slugs: ['a', 'b'], truncated: false }), { slugs: ['a', 'b'] });
    assert.deepEqual(withList({ status: 'listed', slugs: ['a'], truncated: true }), {
      slugs: ['a'],
      note: 'Only the first 1 workspaces are listed; type the slug of another one.',
    });
    assert.deepEqual(withList({ status: 'missingScope', scope: 'read:workspace:bitbucket' }), {
      slugs: [],
      note: 'Your workspaces cannot be listed: the credential lacks read:workspace:bitbucket. Type the workspace slug instead.',
    });
    assert.ok(webviewMessageSchema.safeParse({ type: 'useWorkspace', workspace: 'acme-eng' }).success);
  });
});
