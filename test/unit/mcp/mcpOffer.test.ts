import assert from 'node:assert/strict';
import { displayToolNames, mcpFailureMessage, mcpStatusLine } from '../../../src/mcp/mcpMessages';
import type { McpProbeFailure } from '../../../src/mcp/mcpProbe';
import { defaultMcpUrl } from '../../../src/connection/baseUrl';
import { mcpAuthorization, parseMcpUrl, planMcpServer } from '../../../src/mcp/mcpOffer';
import { fillPlaceholders } from '../../../src/userMessage';
import { testProfile } from '../../support/profiles';

// Connected while the setting named this server, so its origin is the one pinned.
const connected = { state: 'connected' as const, profile: testProfile({ mcpOrigin: 'https://mcp.example.com' }) };
const url = { ok: true as const, url: 'https://mcp.example.com/v1/mcp' };

describe('MCP offer', () => {
  it('defaults to Atlassian, turns off when empty, and keeps the https-or-loopback rule', () => {
    assert.deepEqual(parseMcpUrl(undefined), { ok: true, url: defaultMcpUrl });
    assert.deepEqual(parseMcpUrl('  '), { ok: true, url: undefined });
    assert.deepEqual(parseMcpUrl('http://127.0.0.1:9/v1/mcp/'), { ok: true, url: 'http://127.0.0.1:9/v1/mcp' });
    for (const refused of ['http://mcp.atlassian.com/v1/mcp', 'ftp://example.com', 'https://a:b@example.com', 42]) {
      const result = parseMcpUrl(refused);
      assert.ok(!result.ok && result.problem.args[0] === 'nora.bitbucket.mcpUrl', String(refused));
    }
  });

  it('offers the server only while connected with an API token and a URL', () => {
    assert.deepEqual(planMcpServer(connected, url), { offered: true, label: 'Bitbucket (Nora): ada@example.com', url: url.url, email: 'ada@example.com', credentialId: 'credential-1' });
    const reason = (status: Parameters<typeof planMcpServer>[0], mcpUrl: Parameters<typeof planMcpServer>[1] = url) => {
      const offer = planMcpServer(status, mcpUrl);
      return offer.offered ? 'offered' : offer.reason;
    };
    assert.equal(reason({ state: 'disconnected' }), 'notConnected');
    assert.equal(reason({ state: 'changedElsewhere', profile: testProfile() }), 'changedElsewhere');
    assert.equal(reason({ state: 'connected', profile: testProfile() }, parseMcpUrl(undefined)), 'offered', 'an older profile is pinned to Atlassian');
    assert.equal(reason({ state: 'connected', profile: testProfile({ credentialType: 'appPassword', email: undefined }) }), 'appPassword');
    // Rovo signs in with an Atlassian account; an access token is a bot without one (issue 24), even with an email left in the profile.
    const bot = planMcpServer({ state: 'connected', profile: testProfile({ credentialType: 'accessToken', accessTokenScope: 'repository', repository: 'widgets' }) }, url);
    assert.ok(!bot.offered && bot.reason === 'accessToken');
    assert.match(fillPlaceholders(bot.problem.text, ...bot.problem.args), /needs an API token; a repository, project or workspace access token cannot sign in to it/);
    assert.equal(mcpStatusLine(bot).text, 'Not offered: it needs an API token');
    assert.equal(reason(connected, { ok: true, url: undefined }), 'turnedOff');
    assert.equal(reason(connected, parseMcpUrl('http://example.com')), 'settings');
  });

  it('sends nothing to a host other than the one pinned at Connect, and says which, until confirmed', () => {
    const moved = parseMcpUrl('https://mcp.attacker.example/v1/mcp');
    const offer = planMcpServer(connected, moved);
    assert.ok(!offer.offered && offer.reason === 'originChanged');
    assert.deepEqual(offer.change, { setting: 'nora.bitbucket.mcpUrl', pinned: 'https://mcp.example.com', current: 'https://mcp.attacker.example' });
    assert.equal(mcpAuthorization({ ...connected, secret: 'token' }, moved, 'https://mcp.attacker.example/v1/mcp').ok, false);
    const line = mcpStatusLine(offer);
    assert.match(fillPlaceholders(line.text, ...line.args), /now names https:\/\/mcp\.attacker\.example; run "Nora: Start Bitbucket MCP Server" to confirm/);
    // Once the user confirmed it, the new origin is the pinned one.
    const confirmed = { state: 'connected' as const, profile: testProfile({ mcpOrigin: 'https://mcp.attacker.example' }) };
    assert.equal(planMcpServer(confirmed, moved).offered, true);
    // An older profile was made with the default: only Atlassian's server is accepted for it.
    assert.equal(planMcpServer({ state: 'connected', profile: testProfile() }, url).offered, false);
  });

  it('builds Basic base64(email:token) only for the URL the setting names now', () => {
    const credentials = { ...connected, secret: 'tok:en' };
    const resolved = mcpAuthorization(credentials, url, 'https://mcp.example.com/v1/mcp/');
    assert.ok(resolved.ok);
    assert.equal(resolved.authorization, `Basic ${Buffer.from('ada@example.com:tok:en').toString('base64')}`);
    assert.equal(mcpAuthorization(credentials, url, 'https://elsewhere.example.com/v1/mcp').ok, false);
    assert.equal(mcpAuthorization(credentials, url, 'not a url').ok, false);
    assert.equal(mcpAuthorization(credentials, { ok: true, url: undefined }, url.url).ok, false);
    assert.equal(mcpAuthorization({ state: 'disconnected' }, url, url.url).ok, false);
  });

  it('shows server-sent tool names only as tool names, at most ten', () => {
    assert.equal(displayToolNames(['getRepo', '<img src=x>', '**bold**\u202e']), 'getRepo, imgsrcx, bold');
    const many = Array.from({ length: 12 }, (_, i) => `tool${i}`);
    assert.equal(displayToolNames(many), `${many.slice(0, 10).join(', ')} (+2)`);
  });

  it('says in the status bar whether the server is offered', () => {
    const line = (offer: ReturnType<typeof planMcpServer>) => {
      const message = mcpStatusLine(offer);
      return fillPlaceholders(message.text, ...message.args);
    };
    assert.equal(line(planMcpServer(connected, url)), "Offered to VS Code's agents (mcp.example.com)");
    assert.equal(line(planMcpServer(connected, { ok: true, url: undefined })), 'Off (nora.bitbucket.mcpUrl is empty)');
  });

  it('gives each way the Start check fails its own sentence, naming the URL', () => {
    const failures: McpProbeFailure[] = [
      { kind: 'unauthorized', status: 401 },
      { kind: 'forbidden', status: 403 },
      { kind: 'notFound', status: 404 },
      { kind: 'redirect', status: 307 },
      { kind: 'status', status: 503 },
      { kind: 'timeout' },
      { kind: 'unreachable' },
      { kind: 'invalidResponse' },
    ];
    const texts = failures.map((failure) => mcpFailureMessage(failure, url.url, 15));
    assert.equal(new Set(texts.map((message) => message.text)).size, failures.length);
    for (const message of texts) assert.equal(message.args[0], url.url);
    assert.match(texts[1].text, /has not allowed authentication via API token/);
  });
});
