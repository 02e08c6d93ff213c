import { HubNetworkError } from "@hub/core";
import { describe, expect, it } from "vitest";
import { readBatches } from "./read-body.ts";

/** A body that sends `chunks` one by one, each after `delayMs`, then ends. */
function slowBody(chunks: number, size: number, delayMs: number): Response {
  let sent = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (sent++ === chunks) return controller.close();
        controller.enqueue(new Uint8Array(size));
      },
    }),
  );
}

describe("readBatches", () => {
  it("hands every byte to the sink in batches of at least batchBytes", async () => {
    const sizes: number[] = [];
    await readBatches(slowBody(10, 100, 1), "http://hub.test/f", 5_000, 250, async (_chunks, bytes) => void sizes.push(bytes));
    expect(sizes).toEqual([300, 300, 300, 100]);
  });

  it("fails with the sink's error when a write fails while the next batch is read, and the failure is never unhandled", async () => {
    const diskFull = new Error("ENOSPC: no space left on device");
    let writes = 0;
    const sink = async () => {
      writes++;
      throw diskFull;
    };
    // The first write fails at once, while the reader waits 20 ms for the next chunk: the failure must
    // be held (not left as a rejected promise nobody listens to) and end the read.
    await expect(readBatches(slowBody(10, 100, 20), "http://hub.test/f", 5_000, 100, sink)).rejects.toBe(diskFull);
    expect(writes).toBe(1);
  });

  it("turns a broken body into HubNetworkError naming the URL, after the bytes received are written", async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 2) return controller.enqueue(new Uint8Array(64));
        controller.error(new TypeError("terminated"));
      },
    });
    let written = 0;
    const failure = readBatches(new Response(body), "http://hub.test/f", 5_000, 1024, async (_chunks, bytes) => void (written += bytes));
    await expect(failure).rejects.toBeInstanceOf(HubNetworkError);
    await expect(failure).rejects.toThrow("http://hub.test/f");
    expect(written).toBe(128);
  });
});
