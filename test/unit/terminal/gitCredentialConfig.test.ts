import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { apiTokenGitUsername } from '../../../src/bitbucket/gitUsername';
import {
  gitCredentialEntries,
  gitCredentialHelperEntries,
  gitCredentialHelperScript,
  inheritedGitConfigCount,
} from '../../../src/terminal/gitCredentialConfig';
import { fuzzRuns } from '../../support/fuzz';

const bitbucket = 'https://bitbucket.org';
const helperKey = 'credential.https://bitbucket.org.helper';

describe('gitCredentialConfig', () => {
  describe('gitCredentialHelperScript', () => {
    it('is a shell helper that answers only get, from the environment', () => {
      assert.ok(gitCredentialHelperScript.startsWith('!'));
      assert.match(gitCredentialHelperScript, /test "\$1" = get \|\| return 0;/);
      assert.ok(gitCredentialHelperScript.includes(`"username=\${BITBUCKET_USERNAME:-${apiTokenGitUsername}}"`));
      assert.ok(gitCredentialHelperScript.includes('"password=${BITBUCKET_APP_PASSWORD}"'));
      assert.ok(!/\becho\b/.test(gitCredentialHelperScript), 'echo would rewrite backslashes under dash');
    });
  });

  describe('gitCredentialEntries', () => {
    it('resets the helper list for the host, then adds ours', () => {
      assert.deepEqual(gitCredentialEntries(bitbucket), [
        { key: helperKey, value: '' },
        { key: helperKey, value: gitCredentialHelperScript },
      ]);
    });

    it('drops trailing slashes and keeps a port', () => {
      assert.equal(gitCredentialEntries('http://127.0.0.1:8123/')[0]?.key, 'credential.http://127.0.0.1:8123.helper');
    });
  });

  describe('inheritedGitConfigCount', () => {
    it('reads unset and empty as 0', () => {
      assert.equal(inheritedGitConfigCount({}), 0);
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '' }), 0);
    });

    it('accepts what git accepts when every entry is present', () => {
      const entries = { GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: 'c' };
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '1', ...entries }), 1);
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: ' +1', ...entries }), 1);
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '01', ...entries }), 1);
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '0', ...entries }), 0);
    });

    it('refuses what git would refuse', () => {
      for (const count of ['x', '1x', '-1', '1.5', ' ', '+', '1 ', '99999999999']) {
        assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: count, GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '' }), undefined, count);
      }
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '' }), undefined);
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b' }), undefined);
      assert.equal(inheritedGitConfigCount({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_VALUE_0: 'x' }), undefined);
    });
  });

  describe('gitCredentialHelperEntries', () => {
    it('starts at index 0 without inherited entries', () => {
      assert.deepEqual(gitCredentialHelperEntries(bitbucket, {}), {
        GIT_CONFIG_COUNT: '2',
        GIT_CONFIG_KEY_0: helperKey,
        GIT_CONFIG_VALUE_0: '',
        GIT_CONFIG_KEY_1: helperKey,
        GIT_CONFIG_VALUE_1: gitCredentialHelperScript,
      });
    });

    it('appends after inherited entries and leaves them alone', () => {
      const inherited = {
        GIT_CONFIG_COUNT: '2',
        GIT_CONFIG_KEY_0: 'user.name',
        GIT_CONFIG_VALUE_0: `Zoë "Z" O'Brien $HOME`,
        GIT_CONFIG_KEY_1: 'core.editor',
        GIT_CONFIG_VALUE_1: 'code --wait',
      };
      assert.deepEqual(gitCredentialHelperEntries(bitbucket, inherited), {
        GIT_CONFIG_COUNT: '4',
        GIT_CONFIG_KEY_2: helperKey,
        GIT_CONFIG_VALUE_2: '',
        GIT_CONFIG_KEY_3: helperKey,
        GIT_CONFIG_VALUE_3: gitCredentialHelperScript,
      });
    });

    it('starts at 0 and overwrites when the inherited set is one git would refuse', () => {
      const inherited = { GIT_CONFIG_COUNT: '3', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'x' };
      const env = gitCredentialHelperEntries(bitbucket, inherited);
      assert.equal(env.GIT_CONFIG_COUNT, '2');
      assert.equal(env.GIT_CONFIG_KEY_0, helperKey);
      assert.equal(env.GIT_CONFIG_VALUE_0, '');
      assert.equal(gitCredentialHelperEntries(bitbucket, { GIT_CONFIG_COUNT: 'lots' }).GIT_CONFIG_COUNT, '2');
    });

    it('does not append twice when the inherited environment already ends with ours', () => {
      const once = gitCredentialHelperEntries(bitbucket, {});
      assert.deepEqual(gitCredentialHelperEntries(bitbucket, once), { GIT_CONFIG_COUNT: '2' });
    });

    it('drops inherited entries of ours for another git host, and moves the user\'s own down', () => {
      const inherited: Record<string, string> = {
        ...gitCredentialHelperEntries('https://old-git.example', {}),
        GIT_CONFIG_COUNT: '3',
        GIT_CONFIG_KEY_2: 'user.name',
        GIT_CONFIG_VALUE_2: 'Ada',
      };
      const merged: Record<string, string> = { ...inherited, ...gitCredentialHelperEntries('https://example.org', inherited) };
      const entries = Array.from({ length: Number(merged.GIT_CONFIG_COUNT) }, (_, i) => [merged[`GIT_CONFIG_KEY_${i}`], merged[`GIT_CONFIG_VALUE_${i}`]]);
      assert.deepEqual(entries, [
        ['user.name', 'Ada'],
        ['credential.https://example.org.helper', ''],
        ['credential.https://example.org.helper', gitCredentialHelperScript],
      ]);
    });

    it('property: any valid inherited set is kept and ours appended after it', () => {
      const entry = fc.record({
        key: fc.string({ minLength: 1 }).map((s) => `x.${s}`),
        value: fc.string({ unit: 'grapheme' }),
      });
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 12 }), fc.dictionary(fc.string(), fc.string()), (entries, noise) => {
          const inherited: Record<string, string> = { ...noise };
          for (const name of Object.keys(inherited)) if (name.startsWith('GIT_CONFIG_')) delete inherited[name];
          inherited.GIT_CONFIG_COUNT = String(entries.length);
          entries.forEach((e, i) => {
            inherited[`GIT_CONFIG_KEY_${i}`] = e.key;
            inherited[`GIT_CONFIG_VALUE_${i}`] = e.value;
          });
          const k = entries.length;
          const env = gitCredentialHelperEntries(bitbucket, inherited);
          assert.deepEqual(Object.keys(env).sort(), [
            'GIT_CONFIG_COUNT',
            `GIT_CONFIG_KEY_${k}`,
            `GIT_CONFIG_KEY_${k + 1}`,
            `GIT_CONFIG_VALUE_${k}`,
            `GIT_CONFIG_VALUE_${k + 1}`,
          ].sort());
          assert.equal(env.GIT_CONFIG_COUNT, String(k + 2));
          const merged = { ...inherited, ...env };
          entries.forEach((e, i) => {
            assert.equal(merged[`GIT_CONFIG_KEY_${i}`], e.key);
            assert.equal(merged[`GIT_CONFIG_VALUE_${i}`], e.value);
          });
          assert.equal(merged[`GIT_CONFIG_VALUE_${k}`], '');
          assert.equal(merged[`GIT_CONFIG_VALUE_${k + 1}`], gitCredentialHelperScript);
          // Idempotent: a terminal started from this one keeps the same configuration.
          assert.deepEqual(gitCredentialHelperEntries(bitbucket, merged), { GIT_CONFIG_COUNT: String(k + 2) });
        }),
        { numRuns: fuzzRuns },
      );
    });
  });
});
