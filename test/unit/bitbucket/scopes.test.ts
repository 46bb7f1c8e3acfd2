import assert from 'node:assert/strict';
import { checkScopes, effectiveScopes, parseScopeHeader, requiredScopes } from '../../../src/bitbucket/scopes';

describe('scopes', () => {
  it('parses x-oauth-scopes separated by commas or spaces, with stray whitespace', () => {
    assert.deepEqual(parseScopeHeader(' read:user:bitbucket,  write:repository:bitbucket \t read:pipeline:bitbucket,'), [
      'read:user:bitbucket',
      'write:repository:bitbucket',
      'read:pipeline:bitbucket',
    ]);
    assert.deepEqual(parseScopeHeader(''), []);
    assert.equal(parseScopeHeader(null), undefined);
  });

  it('requires read:workspace:bitbucket only when a workspace is given', () => {
    const names = (hasWorkspace: boolean) => requiredScopes('apiToken', hasWorkspace).map((s) => s.scope);
    const always = ['read:user:bitbucket', 'read:repository:bitbucket', 'write:repository:bitbucket', 'read:pullrequest:bitbucket', 'write:pullrequest:bitbucket', 'read:pipeline:bitbucket'];
    assert.deepEqual(names(false), always);
    assert.deepEqual(names(true), [...always, 'read:workspace:bitbucket']);
  });

  it('applies the legacy implications for app passwords', () => {
    const effective = effectiveScopes('appPassword', ['pullrequest:write']);
    assert.deepEqual([...effective].sort(), ['pullrequest', 'pullrequest:write', 'repository', 'repository:write']);
  });

  it('gives API-token scopes no implications', () => {
    assert.deepEqual([...effectiveScopes('apiToken', ['write:repository:bitbucket'])], ['write:repository:bitbucket']);
  });

  it('lists granted and missing scopes for the checklist', () => {
    const check = checkScopes('appPassword', false, ['account', 'pullrequest:write']);
    const granted = Object.fromEntries(check.items.map((item) => [item.label, item.granted]));
    assert.deepEqual(granted, {
      'Account: Read': true,
      'Repositories: Read': true,
      'Repositories: Write': true,
      'Pull requests: Write': true,
      'Pipelines: Read': false,
    });
    assert.deepEqual(
      check.missing.map((s) => s.scope),
      ['pipeline'],
    );
  });

  it('says "unknown" rather than "missing" when Bitbucket did not report scopes', () => {
    const check = checkScopes('apiToken', true, undefined);
    assert.ok(check.items.every((item) => item.granted === undefined));
    assert.equal(check.missing.length, 0);
  });

  it('access tokens: their own table, and pullrequest implies repository (issue 24)', () => {
    assert.deepEqual(requiredScopes('accessToken', true).map((s) => s.scope), ['repository', 'repository:write', 'pullrequest', 'pullrequest:write', 'pipeline']);
    assert.equal(requiredScopes('accessToken', true)[0].label, 'Repositories: Read');
    assert.deepEqual([...effectiveScopes('accessToken', ['pullrequest'])].sort(), ['pullrequest', 'repository']);
    const check = checkScopes('accessToken', false, ['pullrequest:write', 'pipeline']);
    assert.deepEqual(check.missing.map((s) => s.scope), []);
    assert.deepEqual(checkScopes('accessToken', false, ['repository']).missing.map((s) => s.scope), ['repository:write', 'pullrequest', 'pullrequest:write', 'pipeline']);
  });
});
