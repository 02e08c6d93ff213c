/**
 * A web stream of an async iterator's pieces, pulled one at a time; cancelling the stream stops the
 * iterator (its `return`, which closes a file a generator holds open).
 */
export function iterableStream(pieces: AsyncIterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pieces.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await pieces.return?.(undefined);
    },
  });
}
