import { getEventListeners } from 'node:events';

/**
 * Every request needs an AbortSignal for its time limit, and Node builds one slowly (about 7 µs,
 * more than parsing the answer). A controller that never aborted and that nothing listens to any
 * more is as good as new, so it serves the next request.
 */
const spare: AbortController[] = [];
/** More than the requests this extension has in flight at once. */
const maxSpare = 4;

export function takeAbortController(): AbortController {
  return spare.pop() ?? new AbortController();
}

/** A signal that aborted stays aborted, and a listener left behind (fetch failed midway) would fire for the next request. */
export function giveBackAbortController(controller: AbortController): void {
  if (controller.signal.aborted || getEventListeners(controller.signal, 'abort').length > 0 || spare.length >= maxSpare) return;
  spare.push(controller);
}
