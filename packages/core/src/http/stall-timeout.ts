import { HubTimeoutError } from "../errors/hub-timeout-error.ts";

/**
 * The one stall rule of the SDK's transfers: "no progress for `milliseconds` fails the transfer".
 * `touch()` marks progress (and starts the clock), `pause()` stops the clock while the transfer
 * waits on us rather than on the network (a slow sink is not a stall), `stop()` ends it. When the
 * clock runs out, `signal` aborts with a `HubTimeoutError` carrying `message`; `false` disables it.
 * A touch only writes a time stamp (one timer for the whole transfer, re-armed when it fires), so it
 * is cheap enough to call per chunk.
 */
export class StallWatchdog {
  readonly #controller = new AbortController();
  readonly #milliseconds: number | false;
  readonly #message: string | (() => string);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deadline = 0;
  #paused = true;

  /** `message` may be a function: it is called only when the clock runs out (nothing built per transfer). */
  constructor(milliseconds: number | false, message: string | (() => string)) {
    this.#milliseconds = milliseconds;
    this.#message = message;
  }

  /** Aborted with a `HubTimeoutError` once the clock runs out. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Progress: the clock starts again from now. */
  touch(): void {
    if (this.#milliseconds === false || this.#controller.signal.aborted) return;
    this.#deadline = Date.now() + this.#milliseconds;
    this.#paused = false;
    this.#timer ??= setTimeout(this.#check, this.#milliseconds);
  }

  /** The clock stops until the next `touch()`. */
  pause(): void {
    this.#paused = true;
  }

  /** The transfer is over: no more timer. */
  stop(): void {
    this.#paused = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  readonly #check = (): void => {
    const milliseconds = this.#milliseconds as number;
    const left = this.#deadline - Date.now();
    if (!this.#paused && left <= 0) {
      this.#timer = undefined;
      const message = this.#message;
      this.#controller.abort(new HubTimeoutError(typeof message === "function" ? message() : message, milliseconds));
      return;
    }
    this.#timer = setTimeout(this.#check, this.#paused ? milliseconds : left);
  };
}

/** The message of a stalled download or read. */
function stalledMessage(milliseconds: number): string {
  return `Transfer stalled: no data for ${milliseconds} ms`;
}

/**
 * Wraps a byte stream for transfers: it errors with `HubTimeoutError` (and cancels the source)
 * when the source delivers no chunk for `milliseconds` while we wait on it. A slow consumer does
 * not count as a stall, and there is no total time limit.
 */
export function withStallTimeout<T>(source: ReadableStream<T>, milliseconds: number): ReadableStream<T> {
  const reader = source.getReader();
  return new ReadableStream<T>({
    async pull(controller) {
      try {
        const next = await readWithinStallTimeout(reader.read(), milliseconds);
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        await reader.cancel(error).catch(() => undefined);
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * Waits for one read of a transfer (`read`), failing with `HubTimeoutError` when it does not settle
 * within `milliseconds` (the `StallWatchdog` rule for one read; the caller cancels its source on the error).
 */
export async function readWithinStallTimeout<T>(read: Promise<T>, milliseconds: number): Promise<T> {
  const watchdog = new StallWatchdog(milliseconds, stalledMessage(milliseconds));
  const stalled = new Promise<never>((_, reject) => {
    watchdog.signal.addEventListener("abort", () => reject(watchdog.signal.reason), { once: true });
  });
  watchdog.touch();
  try {
    return await Promise.race([read, stalled]);
  } finally {
    watchdog.stop();
  }
}

/** `StallWatchdog` for reading a download's body, with the message of a stalled download. */
export function downloadWatchdog(milliseconds: number): StallWatchdog {
  return new StallWatchdog(milliseconds, stalledMessage(milliseconds));
}
