import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CurrentUserResult } from '../../../src/bitbucket/client';
import { errorForResponse } from '../../../src/bitbucket/errorMapping';
import { maxServerTextLength, neutraliseServerText } from '../../../src/bitbucket/serverText';
import type { BitbucketApi } from '../../../src/connection/connectionOutcomes';
import { ConnectionService } from '../../../src/connection/connectionService';
import { failureMessage, reportWarnings, successMessage } from '../../../src/connection/connectionMessages';
import { fillPlaceholders, type UserMessage } from '../../../src/userMessage';
import { fuzzRuns } from '../../support/fuzz';
import { bitbucketOrigins } from '../../support/profiles';
import { memoryStores, sequentialIds } from '../../support/memoryStores';

const markdownLink = /\[[^\]]*\]\([^)]*\)/;
const lineBreak = /[\r\n\u2028\u2029\u0085]/;
/** Format characters (bidi controls among them) and every other control: invisible, or able to reorder what is shown. */
const invisibleOrControl = /[\p{Cf}\p{Cc}]/u;
/** Every bidi control and the zero-width characters a review found left in place, spelled out so the test does not rest on the regex it checks. */
const namedInvisibles = ['\u061c', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2060', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u00ad'];
const render = (message: UserMessage) => fillPlaceholders(message.text, ...message.args);

/** Strings a hostile server might send: links, commands, line breaks, fake log lines, long text. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.tuple(fc.string(), fc.string()).map(([label, target]) => `[${label}](command:${target})`),
  fc.array(fc.constantFrom('[', ']', '(', ')', '\n', '\r', '\u2028', 'command:', '$(', 'x', ' ', '2026-01-01 [info] ', ...namedInvisibles), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ unit: fc.oneof(fc.constantFrom(...namedInvisibles), fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c))), maxLength: 100 }),
);

function assertSafe(text: string, what: string): void {
  assert.ok(!markdownLink.test(text), `${what} holds a markdown link: ${JSON.stringify(text)}`);
  assert.ok(!lineBreak.test(text), `${what} holds a line break: ${JSON.stringify(text)}`);
}

describe('server text never becomes a link or a line of its own (property tests)', () => {
  it('neutraliseServerText: one line, no link, bounded', () => {
    assert.equal(neutraliseServerText('[Open](command:workbench.action.quit)'), '(Open)(command:workbench.action.quit)');
    assert.equal(neutraliseServerText('Ada\n2026 [error] fake line'), 'Ada 2026 (error) fake line');
    assert.equal(neutraliseServerText('A\u061cd\u200ba\u200c \u200dL\u2060o\ufeffv\u202eelace'), 'Ada Lovelace');
    // Each kind alone, with nothing else to rewrite beside it: a line or paragraph separator is a line break too.
    assert.equal(neutraliseServerText('Ada\u2028Love\u2029lace'), 'Ada Love lace');
    assert.equal(neutraliseServerText(' Ada Lovelace\u00a0'), 'Ada Lovelace');
    fc.assert(
      fc.property(hostile, (text) => {
        const shown = neutraliseServerText(text);
        assertSafe(shown, 'the neutralised text');
        assert.ok(!invisibleOrControl.test(shown), `the neutralised text holds a format or control character: ${JSON.stringify(shown)}`);
        for (const invisible of namedInvisibles) assert.ok(!shown.includes(invisible), `U+${invisible.codePointAt(0)?.toString(16)} survived`);
        assert.ok(Array.from(shown).length <= maxServerTextLength);
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('error messages built from any body, Location or scope header are safe to show and log', () => {
    const context = { credentialType: 'apiToken' as const, restUsername: 'dev@example.com', url: 'https://api.bitbucket.org/2.0/user', timeoutMs: 15_000 };
    fc.assert(
      fc.property(fc.constantFrom(302, 403, 410, 418), hostile, hostile, hostile, (status, message, location, scope) => {
        const bodyText = JSON.stringify({ type: 'error', error: { message, data: { announcement_url: location } } });
        const error = errorForResponse({ status, location, grantedScopes: [scope], bodyText }, context);
        assertSafe(render(error.userMessage), `the ${status} message`);
        assertSafe(render(failureMessage({ kind: 'bitbucket', error })), `the ${status} failure`);
      }),
      { numRuns: fuzzRuns },
    );
  });

  it('a connection\'s display name and username from /2.0/user are safe in every message', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (displayName, username, nickname) => {
        const user: CurrentUserResult = { user: { type: 'user', display_name: displayName, username, nickname }, grantedScopes: [] };
        const client: BitbucketApi = {
          getCurrentUser: async () => user,
          checkWorkspace: async () => ({ status: 'notFound' }),
          listWorkspaces: async () => ({ status: 'listed', slugs: [], truncated: false }),
          identifyAccessToken: async () => assert.fail('only an API token is checked here'),
          identifyDataCenterToken: async () => assert.fail('only an API token is checked here'),
        };
        const service = new ConnectionService({
          ...memoryStores(),
          createClient: () => ({ ok: true, client, origins: bitbucketOrigins }),
          now: () => new Date('2026-11-28T12:00:00Z'),
          newCredentialId: sequentialIds,
          changed: async () => undefined,
        });
        const outcome = await service.connect({ credentialType: 'apiToken', email: 'dev@example.com', secret: 'token', workspace: 'acme' });
        assert.ok(outcome.ok);
        const { profile } = outcome.report;
        assertSafe(render(successMessage(outcome.report)), 'the success message');
        for (const warning of reportWarnings(outcome.report)) assertSafe(render(warning), 'a warning');
        assertSafe(`${profile.displayName} (${profile.username ?? ''})`, 'the log line');
        assert.ok(profile.username === undefined || /^[A-Za-z0-9_-]+$/.test(profile.username), `username ${JSON.stringify(profile.username)}`);
      }),
      { numRuns: fuzzRuns / 4 },
    );
  });

  it('the git username is the one from /2.0/user only when it is a Bitbucket username, never the nickname', async () => {
    const connectWith = async (user: CurrentUserResult['user']) => {
      const client: BitbucketApi = { getCurrentUser: async () => ({ user, grantedScopes: [] }), checkWorkspace: async () => ({ status: 'notFound' }), listWorkspaces: async () => ({ status: 'listed', slugs: [], truncated: false }), identifyAccessToken: async () => assert.fail('only an API token is checked here'), identifyDataCenterToken: async () => assert.fail('only an API token is checked here') };
      const service = new ConnectionService({ ...memoryStores(), createClient: () => ({ ok: true, client, origins: bitbucketOrigins }), now: () => new Date(), newCredentialId: sequentialIds, changed: async () => undefined });
      const outcome = await service.connect({ credentialType: 'apiToken', email: 'dev@example.com', secret: 'token' });
      assert.ok(outcome.ok);
      return outcome.report.profile.username;
    };
    assert.equal(await connectWith({ type: 'user', username: 'ada_lovelace-1' }), 'ada_lovelace-1');
    assert.equal(await connectWith({ type: 'user', username: 'ada\nhost=evil.example' }), undefined);
    assert.equal(await connectWith({ type: 'user', username: null, nickname: 'Ada' }), undefined);
  });
});
