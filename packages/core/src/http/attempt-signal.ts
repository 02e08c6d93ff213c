/** A signal for one attempt: fires when any parent fires or when the timeout elapses. */
export interface AttemptSignal {
  signal: AbortSignal;
  /** True once the timeout (not a parent) aborted the attempt. */
  readonly timedOut: boolean;
  /** Stops the timer; parents stay linked so they can still cancel a streamed body. */
  stopTimer(): void;
  /** Stops the timer and unlinks the parents. */
  dispose(): void;
}

/** Links the caller's signals and a per-attempt timeout into one signal. */
export function createAttemptSignal(parents: readonly (AbortSignal | undefined)[], timeout: number | false): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const linked = parents.filter((parent): parent is AbortSignal => parent !== undefined);
  const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
  for (const parent of linked) {
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener("abort", onAbort, { once: true });
  }
  const timer =
    timeout === false
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`Timed out after ${timeout} ms`, "TimeoutError"));
        }, timeout);
  const stopTimer = () => clearTimeout(timer);
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    stopTimer,
    dispose() {
      stopTimer();
      for (const parent of linked) parent.removeEventListener("abort", onAbort);
    },
  };
}
