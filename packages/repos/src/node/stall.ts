import { readWithinStallTimeout } from "@hub/core";

/** A body read chunk by chunk that can be cancelled while a read is pending. */
export interface ChunkSource {
  read(): Promise<IteratorResult<Uint8Array, unknown>>;
  /** Stops the body (closes the socket); a pending read settles. */
  cancel(reason?: unknown): void;
}

/**
 * Yields the chunks of `source`, failing with `HubTimeoutError` (and cancelling the source) when no
 * chunk comes for `milliseconds` while we wait for one. A slow consumer is not a stall, and there is
 * no total time limit. Stopping early (error, abort, break) cancels the source too.
 */
export async function* withStall(source: ChunkSource, milliseconds: number): AsyncGenerator<Uint8Array, void, undefined> {
  let finished = false;
  try {
    for (;;) {
      const next = await readWithinStallTimeout(source.read(), milliseconds);
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) source.cancel();
  }
}
