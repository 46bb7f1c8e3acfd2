import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestDeadline } from '../../../src/bitbucket/requestDeadline';

describe('request deadlines', () => {
  it('aborts the signal when the time runs out', async () => {
    const deadline = RequestDeadline.start(20);
    await sleep(60);
    assert.equal(deadline.signal.aborted, true);
    assert.equal(deadline.timedOut, true);
    deadline.finish();
    const next = RequestDeadline.start(20);
    assert.notEqual(next, deadline, 'an aborted signal was handed out again');
    assert.equal(next.signal.aborted, false);
    next.finish();
  });

  it('hands a deadline whose request ended cleanly to the next request of the same length, with its time started again', async () => {
    const used = RequestDeadline.start(30);
    used.finish();
    await sleep(60);
    assert.equal(used.signal.aborted, false, 'a waiting deadline aborted');
    const next = RequestDeadline.start(30);
    assert.equal(next, used);
    assert.equal(next.timedOut, false);
    await sleep(60);
    assert.equal(next.timedOut, true, 'the time did not start again');
    next.finish();
  });

  it('never hands a deadline to a request of another length', () => {
    const short = RequestDeadline.start(1000);
    short.finish();
    const long = RequestDeadline.start(2000);
    assert.notEqual(long, short);
    long.finish();
  });

  it('keeps no deadline whose signal something still listens to', () => {
    const listenedTo = RequestDeadline.start(1000);
    listenedTo.signal.addEventListener('abort', () => undefined);
    listenedTo.finish();
    const next = RequestDeadline.start(1000);
    assert.notEqual(next, listenedTo);
    next.finish();
  });
});
