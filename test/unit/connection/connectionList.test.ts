import assert from 'node:assert/strict';
import { maxConnections, readConnectionList, secretKeyOf, withConnection, withoutConnection } from '../../../src/connection/connectionList';
import type { ConnectionProfile } from '../../../src/connection/profile';
import { fillPlaceholders } from '../../../src/userMessage';
import { dataCenterProfile, testProfile } from '../../support/profiles';

const cloud = (n: number, extra: Partial<ConnectionProfile> = {}) =>
  testProfile({ credentialId: `credential-${n}`, email: `dev${n}@example.com`, accountId: `712020:${n}`, displayName: `Dev ${n}`, ...extra });

describe('several connections: the stored list', () => {
  it('a profile written by the current release becomes the first entry; nothing is re-entered', () => {
    // Verbatim what the released version stores under nora.bitbucket.profile.
    const released = JSON.parse(
      '{"version":1,"credentialId":"3f1c2d4e-0000-4000-8000-000000000001","credentialType":"apiToken","email":"dev@example.com","username":"nora-dev","workspace":"acme-eng","displayName":"Nora Developer","accountId":"712020:abc","grantedScopes":["read:user:bitbucket"],"lastTestedAt":"2026-11-01T00:00:00.000Z","apiOrigin":"https://api.bitbucket.org","gitOrigin":"https://bitbucket.org","expiresOn":"2027-11-01"}',
    ) as unknown;
    const read = readConnectionList(undefined, released);
    assert.equal(read.upgraded, true);
    assert.deepEqual(read.connections, [released]);
    assert.equal(secretKeyOf(read.connections[0].credentialId), 'nora.bitbucket.secret.3f1c2d4e-0000-4000-8000-000000000001');
    assert.deepEqual(readConnectionList(undefined, undefined), { connections: [], upgraded: false, dropped: 0 });
    assert.deepEqual(readConnectionList(undefined, { version: 1 }), { connections: [], upgraded: false, dropped: 1 });
  });

  it('a stored list wins over the old profile, and drops damaged, repeated and surplus entries', () => {
    const entries = [cloud(1), { damaged: true }, cloud(1), cloud(2, { email: 'DEV1@example.com', accountId: '712020:1' }), dataCenterProfile, ...Array.from({ length: 12 }, (_, i) => cloud(i + 3))];
    const read = readConnectionList({ version: 2, connections: entries }, cloud(99));
    assert.equal(read.upgraded, false);
    assert.deepEqual(read.connections.map((c) => c.credentialId).slice(0, 3), ['credential-1', 'credential-9', 'credential-3']);
    assert.equal(read.connections.length, maxConnections);
  });

  it('connecting the same account, kind and host again replaces its entry and puts it first', () => {
    const list = [cloud(1), cloud(2)];
    const again = cloud(7, { accountId: '712020:2' });
    const outcome = withConnection(list, again);
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.connections.map((c) => c.credentialId), ['credential-7', 'credential-1']);
    assert.equal(outcome.replaced?.credentialId, 'credential-2');
    // Another host is another connection, even for the same account.
    const elsewhere = withConnection(list, cloud(8, { accountId: '712020:2', apiOrigin: 'https://api.example.test' }));
    assert.ok(elsewhere.ok && elsewhere.connections.length === 3 && elsewhere.replaced === undefined);
  });

  it('a Data Center token and a Cloud token of the same person are two connections; two Data Center servers too', () => {
    const list = [dataCenterProfile];
    const other = withConnection(list, { ...dataCenterProfile, credentialId: 'credential-10', serverUrl: 'https://git.example.org', apiOrigin: 'https://git.example.org', gitOrigin: 'https://git.example.org' });
    assert.ok(other.ok && other.connections.length === 2);
    const cloudToo = withConnection(list, cloud(11, { email: 'jane@example.com' }));
    assert.ok(cloudToo.ok && cloudToo.connections.length === 2);
  });

  it('the cap has its own sentence, and changes nothing', () => {
    const full = Array.from({ length: maxConnections }, (_, i) => cloud(i + 1));
    const outcome = withConnection(full, cloud(50));
    assert.ok(!outcome.ok);
    assert.match(fillPlaceholders(outcome.problem.text, ...outcome.problem.args), /^Nora keeps at most 10 Bitbucket connections, and all 10 are in use/);
    assert.ok(withConnection(full, cloud(51, { accountId: '712020:3' })).ok, 'replacing one is not adding');
  });

  it('removing one leaves the others; an id that could name another key gets none', () => {
    assert.deepEqual(withoutConnection([cloud(1), cloud(2)], 'credential-1').map((c) => c.credentialId), ['credential-2']);
    for (const id of ['', '../secret', 'a.b', 'x'.repeat(65), 'nora bitbucket']) assert.equal(secretKeyOf(id), undefined, id);
  });
});
