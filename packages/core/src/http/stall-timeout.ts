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
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HubTimeoutError(`Transfer stalled: no data for ${milliseconds} ms`, milliseconds)), milliseconds);
      });
      try {
        const next = await Promise.race([reader.read(), stalled]);
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        await reader.cancel(error).catch(() => undefined);
        controller.error(error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
