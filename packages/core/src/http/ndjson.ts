/**
 * A byte stream of `items` as NDJSON (one JSON document per line), pulled lazily so that a large
 * commit is never held in memory as one string.
 */
export function ndjsonStream(items: AsyncIterable<unknown> | Iterable<unknown>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<unknown> | Iterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}

/**
 * `items` as one NDJSON Blob, for browsers: Chromium streams a request body only over HTTP/2 or
 * QUIC, Firefox and Safari not at all, so a streamed body fails there ("Failed to fetch").
 */
export async function ndjsonBlob(items: AsyncIterable<unknown> | Iterable<unknown>): Promise<Blob> {
  const lines: string[] = [];
  for await (const item of items) lines.push(`${JSON.stringify(item)}\n`);
  return new Blob(lines, { type: "application/x-ndjson" });
}
