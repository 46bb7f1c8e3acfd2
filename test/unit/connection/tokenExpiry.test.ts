import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  daysLeft,
  dueNotification,
  hasReachedExpiry,
  isIsoDate,
  localIsoDate,
  oneYearFrom,
  tokenExpiry,
} from '../../../src/connection/tokenExpiry';
import { fuzzRuns } from '../../support/fuzz';

/** A local time: days are counted in the user's time zone, whatever it is where the tests run. */
const at = (year: number, month: number, day: number, hour = 12) => new Date(year, month - 1, day, hour);

describe('token expiry rules', () => {
  it('accepts only real calendar days as YYYY-MM-DD', () => {
    for (const ok of ['2026-01-31', '2028-02-29', '2026-12-01']) assert.ok(isIsoDate(ok), ok);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '2026-01-31T00:00', '', '31/01/2026', '2026-00-10']) {
      assert.ok(!isIsoDate(bad), bad);
    }
  });

  it('counts local calendar days: late at night and early next morning differ by one day', () => {
    assert.equal(daysLeft('2026-03-11', at(2026, 3, 1, 23)), 10);
    assert.equal(daysLeft('2026-03-11', at(2026, 3, 2, 0)), 9);
    assert.equal(daysLeft('2026-03-11', at(2026, 3, 11, 23)), 0);
    assert.equal(daysLeft('2026-03-11', at(2026, 3, 12, 0)), -1);
    // Across a daylight-saving change and a year end the count stays whole.
    assert.equal(daysLeft('2027-01-05', at(2026, 10, 20)), 77);
  });

  it('phases: none beyond 14 days, a warning from 14 days, expired after the date', () => {
    const phase = (day: number) => tokenExpiry('2026-03-31', at(2026, 3, day))?.phase;
    assert.equal(tokenExpiry('2026-04-15', at(2026, 3, 31))?.phase, 'none');
    assert.equal(phase(17), 'warning');
    assert.equal(tokenExpiry('2026-03-31', at(2026, 3, 16))?.phase, 'none');
    assert.equal(phase(31), 'warning');
    assert.equal(tokenExpiry('2026-03-31', at(2026, 4, 1))?.phase, 'expired');
    assert.equal(tokenExpiry(undefined, at(2026, 3, 1)), undefined);
    assert.equal(tokenExpiry('not a date', at(2026, 3, 1)), undefined);
  });

  it('notifies at 7 days and at 1 day, each once, and never the less urgent one after the more urgent', () => {
    const expiry = (day: number) => tokenExpiry('2026-03-31', at(2026, 3, day));
    assert.equal(dueNotification(expiry(23), []), undefined, '8 days left');
    assert.equal(dueNotification(expiry(24), []), 7);
    assert.equal(dueNotification(expiry(29), [7]), undefined, '2 days left, 7 already shown');
    assert.equal(dueNotification(expiry(30), [7]), 1);
    assert.equal(dueNotification(expiry(31), []), 1, 'on the day itself');
    assert.equal(dueNotification(expiry(31), [1]), undefined);
    assert.equal(dueNotification(expiry(24), [1]), undefined);
    assert.equal(dueNotification(tokenExpiry('2026-03-31', at(2026, 4, 2)), []), undefined, 'expired: the status bar says so instead');
  });

  it('a 401 means expiry from the date itself on', () => {
    assert.ok(!hasReachedExpiry('2026-03-31', at(2026, 3, 30, 23)));
    assert.ok(hasReachedExpiry('2026-03-31', at(2026, 3, 31, 0)));
    assert.ok(hasReachedExpiry('2026-03-31', at(2026, 5, 1)));
    assert.ok(!hasReachedExpiry(undefined, at(2026, 5, 1)));
  });

  it("defaults to one year, Atlassian's default, and handles 29 February", () => {
    assert.equal(oneYearFrom(at(2026, 3, 1)), '2027-03-01');
    assert.equal(oneYearFrom(at(2028, 2, 29)), '2029-02-28');
    assert.equal(localIsoDate(at(2026, 1, 5, 0)), '2026-01-05');
  });

  it('the default date is always valid and always 365 or 366 days ahead', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(2000, 0, 1), max: new Date(2090, 0, 1), noInvalidDate: true }), (now) => {
        const next = oneYearFrom(now);
        assert.ok(isIsoDate(next));
        assert.ok([365, 366].includes(daysLeft(next, now)) || (now.getMonth() === 1 && now.getDate() === 29), next);
      }),
      { numRuns: fuzzRuns },
    );
  });
});
