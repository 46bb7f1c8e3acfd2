import assert from 'node:assert/strict';
import { parseBaseUrl } from '../../../src/connection/baseUrl';
import { affectsConnectionSettings } from '../../../src/connection/settingNames';
import { parseSettings, problemAfterChange } from '../../../src/connection/settings';
import { fillPlaceholders } from '../../../src/userMessage';

describe('settings', () => {
  it('uses the Bitbucket defaults', () => {
    const result = parseSettings({});
    assert.ok(result.ok);
    assert.deepEqual(result.settings, { apiBaseUrl: 'https://api.bitbucket.org/2.0', gitBaseUrl: 'https://bitbucket.org', requestTimeoutMs: 15_000 });
  });

  it('accepts https and loopback http, and drops a trailing slash', () => {
    for (const [value, expected] of [
      ['https://api.example.com/2.0/', 'https://api.example.com/2.0'],
      ['http://127.0.0.1:8123/2.0', 'http://127.0.0.1:8123/2.0'],
      ['http://localhost:9/2.0', 'http://localhost:9/2.0'],
      ['http://[::1]:9/2.0', 'http://[::1]:9/2.0'],
    ] as const) {
      assert.deepEqual(parseBaseUrl('x', value), { ok: true, url: expected });
    }
  });

  it('refuses http to another host, other schemes, user info and garbage, naming the setting', () => {
    for (const value of ['http://api.bitbucket.org/2.0', 'http://10.0.0.1/2.0', 'ftp://example.com', 'https://user:pw@example.com', 'not a url', '', 42]) {
      const result = parseBaseUrl('nora.bitbucket.apiBaseUrl', value);
      assert.equal(result.ok, false, String(value));
      if (!result.ok) assert.deepEqual(result.problem.args[0], 'nora.bitbucket.apiBaseUrl');
    }
  });

  it('accepts only one real host: no wildcard or other character git or a browser would widen', () => {
    for (const value of ['https://*', 'https://*.example.com', 'https://bit*.org', 'https://exa_mple.com', 'https://-bad.example.com', 'https://a..b.com']) {
      const result = parseBaseUrl('nora.bitbucket.gitBaseUrl', value);
      assert.equal(result.ok, false, value);
      if (!result.ok) assert.match(fillPlaceholders(result.problem.text, ...result.problem.args), /must name one host/);
    }
    for (const value of ['https://bitbucket.org', 'https://git.example.co.uk:8443', 'https://10.1.2.3', 'https://[2001:db8::1]']) {
      assert.equal(parseBaseUrl('x', value).ok, true, value);
    }
  });

  it('keeps only the origin of the git host', () => {
    const result = parseSettings({ gitBaseUrl: 'https://bitbucket.org/some/path' });
    assert.ok(result.ok && result.settings.gitBaseUrl === 'https://bitbucket.org');
  });

  it('refuses a timeout outside 1 to 120 seconds', () => {
    assert.equal(parseSettings({ requestTimeoutSeconds: 0 }).ok, false);
    assert.equal(parseSettings({ requestTimeoutSeconds: '15' }).ok, false);
    const ok = parseSettings({ requestTimeoutSeconds: 2 });
    assert.ok(ok.ok && ok.settings.requestTimeoutMs === 2000);
  });
});

describe('a settings change', () => {
  const refusedApi = parseSettings({ apiBaseUrl: 'ftp://example.com' });

  it('is checked only when it touches a setting the connection reads', () => {
    const touching = (...names: string[]) => ({ affectsConfiguration: (section: string) => names.some((name) => name === section || name.startsWith(`${section}.`)) });
    assert.equal(affectsConnectionSettings(touching('nora.bitbucket.mcpUrl')), false);
    assert.equal(affectsConnectionSettings(touching('editor.fontSize')), false);
    assert.equal(affectsConnectionSettings(touching('nora.bitbucket.apiBaseUrl')), true);
    assert.equal(affectsConnectionSettings(touching('nora.bitbucket.requestTimeoutSeconds')), true);
  });

  it('brings back the error of a refused setting only when that setting changed', () => {
    assert.ok(!refusedApi.ok);
    assert.equal(problemAfterChange(refusedApi, (setting) => setting === 'nora.bitbucket.requestTimeoutSeconds'), undefined);
    assert.equal(problemAfterChange(refusedApi, (setting) => setting === 'nora.bitbucket.apiBaseUrl'), refusedApi.problem);
    assert.equal(problemAfterChange(parseSettings({}), () => true), undefined);
  });
});
