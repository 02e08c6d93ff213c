import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { withStallTimeout } from "./stall-timeout.ts";

describe("withStallTimeout", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("passes chunks through and closes with the source", async () => {
    const source = new ReadableStream<string>({
      start(controller) {
        controller.enqueue("a");
        controller.enqueue("b");
        controller.close();
      },
    });
    const chunks: string[] = [];
    for await (const chunk of withStallTimeout(source, 1_000) as unknown as AsyncIterable<string>) chunks.push(chunk);
    expect(chunks).toEqual(["a", "b"]);
  });

  it("errors and cancels the source when no chunk arrives for the stall time", async () => {
    let cancelled: unknown;
    let push!: (chunk: string) => void;
    const source = new ReadableStream<string>({
      start(controller) {
        push = (chunk) => controller.enqueue(chunk);
      },
      cancel(reason) {
        cancelled = reason;
      },
    });
    const reader = withStallTimeout(source, 1_000).getReader();
    const first = reader.read();
    await vi.advanceTimersByTimeAsync(900);
    push("a");
    expect(await first).toEqual({ done: false, value: "a" });
    const second = reader.read().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    push("b");
    expect(await second).toEqual({ done: false, value: "b" });
    const third = reader.read().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await third;
    expect(error).toBeInstanceOf(HubTimeoutError);
    expect(cancelled).toBe(error);
  });
});
