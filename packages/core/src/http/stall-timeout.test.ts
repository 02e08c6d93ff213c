import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { readWithinStallTimeout, StallWatchdog, withStallTimeout } from "./stall-timeout.ts";

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

describe("StallWatchdog", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("aborts with a HubTimeoutError once no touch came for its time, and each touch restarts the clock", async () => {
    const watchdog = new StallWatchdog(1_000, "stalled upload");
    watchdog.touch();
    await vi.advanceTimersByTimeAsync(900);
    watchdog.touch();
    await vi.advanceTimersByTimeAsync(900);
    expect(watchdog.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(watchdog.signal.aborted).toBe(true);
    expect(watchdog.signal.reason).toBeInstanceOf(HubTimeoutError);
    expect((watchdog.signal.reason as HubTimeoutError).message).toBe("stalled upload");
  });

  it("does not count paused time, and never fires once stopped or when disabled", async () => {
    const watchdog = new StallWatchdog(1_000, "stalled");
    watchdog.touch();
    watchdog.pause();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(watchdog.signal.aborted).toBe(false);
    watchdog.touch();
    watchdog.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(watchdog.signal.aborted).toBe(false);
    const disabled = new StallWatchdog(false, "never");
    disabled.touch();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(disabled.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("readWithinStallTimeout rejects a read that does not settle in time and leaves no timer behind", async () => {
    const late = readWithinStallTimeout(new Promise(() => undefined), 500).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(await late).toBeInstanceOf(HubTimeoutError);
    expect(await readWithinStallTimeout(Promise.resolve("ok"), 500)).toBe("ok");
    expect(vi.getTimerCount()).toBe(0);
  });
});
