import assert from 'node:assert/strict';
import { giveBackAbortController, takeAbortController } from '../../../src/bitbucket/spareAbortControllers';

describe('spare abort controllers', () => {
  it('hands a controller that finished cleanly to the next request', () => {
    const used = takeAbortController();
    giveBackAbortController(used);
    assert.equal(takeAbortController(), used);
  });

  it('never hands out a controller that aborted', () => {
    const timedOut = takeAbortController();
    timedOut.abort();
    giveBackAbortController(timedOut);
    const next = takeAbortController();
    assert.notEqual(next, timedOut);
    assert.equal(next.signal.aborted, false);
  });

  it('keeps no controller that something still listens to', () => {
    const listenedTo = takeAbortController();
    listenedTo.signal.addEventListener('abort', () => undefined);
    giveBackAbortController(listenedTo);
    assert.notEqual(takeAbortController(), listenedTo);
  });
});
