import { HubTimeoutError } from "../errors/hub-timeout-error.ts";

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
 * within `milliseconds`. The shared rule behind `withStallTimeout`, for sources that are not web
 * streams (the caller cancels its source on the error).
 */
export async function readWithinStallTimeout<T>(read: Promise<T>, milliseconds: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HubTimeoutError(`Transfer stalled: no data for ${milliseconds} ms`, milliseconds)), milliseconds);
  });
  try {
    return await Promise.race([read, stalled]);
  } finally {
    clearTimeout(timer);
  }
}
