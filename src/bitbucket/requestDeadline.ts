import { getEventListeners } from 'node:events';

/** Deadlines whose requests ended cleanly, waiting for the next request of the same length. */
const spare: RequestDeadline[] = [];
/** More than the requests this extension has in flight at once. */
const maxSpare = 4;

/**
 * A request's time limit: the signal fetch listens to, and the timer that aborts it. Node makes
 * both slowly for what they do (an AbortSignal takes about 7 µs; a timer set and cleared builds
 * and drops Node's list of timers of that length each time), so a deadline whose request ended
 * cleanly serves the next one: its timer keeps running, and does nothing while the deadline waits.
 */
export class RequestDeadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private running = true;
  private expired = false;

  private constructor(readonly timeoutMs: number) {
    // Unreferenced: a request in flight keeps the process alive by itself, a waiting deadline must not.
    this.timer = setTimeout(() => this.expire(), timeoutMs).unref();
  }

  /** A deadline `timeoutMs` from now. */
  static start(timeoutMs: number): RequestDeadline {
    const index = spare.findIndex((deadline) => deadline.timeoutMs === timeoutMs);
    if (index === -1) return new RequestDeadline(timeoutMs);
    const [deadline] = spare.splice(index, 1) as [RequestDeadline];
    deadline.running = true;
    deadline.timer.refresh();
    return deadline;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the time ran out, which aborted the signal. */
  get timedOut(): boolean {
    return this.expired;
  }

  /** The request ended, whichever way. */
  finish(): void {
    this.running = false;
    // An aborted signal stays aborted, and a listener that fetch left behind would fire for the next request.
    if (this.expired || getEventListeners(this.signal, 'abort').length > 0 || spare.length >= maxSpare) {
      clearTimeout(this.timer);
      return;
    }
    spare.push(this);
  }

  private expire(): void {
    if (!this.running) return;
    this.expired = true;
    this.controller.abort();
  }
}
