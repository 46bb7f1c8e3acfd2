import assert from 'node:assert/strict';
import { ExpiryNotifier } from '../../../src/connection/expiryNotifier.vscode';
import { resetFakeVsCode } from '../../support/fakeVsCode';
import { testProfile } from '../../support/profiles';

/** A Memento's get and update over a Map. */
function memoryMemento() {
  const values = new Map<string, unknown>();
  return { get: <T>(key: string) => values.get(key) as T, update: async (key: string, value: unknown) => void values.set(key, value) };
}

describe('ExpiryNotifier (plain Node, with a fake vscode module)', () => {
  it('notifies once at 7 days and once at 1 day, and Replace Token runs the command', async () => {
    const fake = resetFakeVsCode((shown) => shown.items[0]);
    const clock = { now: new Date(2026, 2, 9, 9) };
    let replaced = 0;
    const notifier = new ExpiryNotifier(memoryMemento(), () => clock.now, () => replaced++);
    const profile = testProfile({ expiresOn: '2026-03-16' });
    notifier.check(profile);
    notifier.check(profile);
    assert.deepEqual(fake.shown.map((s) => [s.severity, s.message, s.items]), [['warning', 'The API token expires in 7 days, on 2026-03-16.', ['Replace Token']]]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(replaced, 1);
    clock.now = new Date(2026, 2, 15, 9);
    notifier.check(profile);
    notifier.check(profile);
    assert.equal(fake.shown.length, 2);
    assert.equal(fake.shown[1]?.message, 'The API token expires tomorrow (2026-03-16).');
  });

  it('says nothing for an unknown date, a far date, or an app password', () => {
    const fake = resetFakeVsCode();
    const notifier = new ExpiryNotifier(memoryMemento(), () => new Date(2026, 2, 9, 9), () => undefined);
    notifier.check(testProfile());
    notifier.check(testProfile({ expiresOn: '2026-03-17' }));
    notifier.check(testProfile({ credentialType: 'appPassword', expiresOn: '2026-03-10' }));
    notifier.check(undefined);
    assert.deepEqual(fake.shown, []);
  });
});
