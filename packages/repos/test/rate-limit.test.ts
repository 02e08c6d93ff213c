import { HubHttpError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createRepo, repoInfo } from "../src/index.ts";

// Issue #17 item 5: on 429 the client waits the full reset the server's RateLimit header asks for,
// plus one second, up to retry.maxServerDelay. The server's clock and the client's long waits are
// both fake: a wait of 100 s or more is recorded, moves the server's clock and fires at once.

let clock = Date.parse("2026-01-01T00:00:00Z");
let hub: TestServer;
let longHub: TestServer;
beforeAll(async () => {
  hub = await startTestServer({ rateLimit: { limit: 3, windowSeconds: 300, now: () => clock } });
  longHub = await startTestServer({ rateLimit: { limit: 1, windowSeconds: 900, now: () => clock } });
  await createRepo({ accessToken: hub.tokens.alice, hubUrl: hub.url, repoId: "alice/limited" });
});
afterAll(async () => {
  await Promise.all([hub.close(), longHub.close()]);
});
afterEach(() => vi.restoreAllMocks());

function fakeLongWaits(): number[] {
  const waits: number[] = [];
  const realSetTimeout = globalThis.setTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, milliseconds?: number) => {
    if ((milliseconds ?? 0) < 100_000) return realSetTimeout(callback, milliseconds);
    waits.push(milliseconds as number);
    clock += milliseconds as number;
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout);
  return waits;
}

describe("rate limits (item 5)", () => {
  it("waits the window's reset plus one second, beyond the 60 s backoff cap, then succeeds", async () => {
    const options = { accessToken: hub.tokens.alice, hubUrl: hub.url, repoId: "alice/limited" };
    const waits = fakeLongWaits();
    // The creation used one request of the window; two more exhaust it.
    await repoInfo(options);
    await repoInfo(options);
    const info = await repoInfo(options);
    expect(info.id).toBe("alice/limited");
    // The server asked for the rest of its 300 s window (the clock has not moved): 300 s + 1 s.
    expect(waits).toEqual([301_000]);
  });

  it("fails at once when the reset is beyond retry.maxServerDelay, saying what was asked and the limit", async () => {
    const options = { accessToken: longHub.tokens.alice, hubUrl: longHub.url, repoId: "alice/anything" };
    const waits = fakeLongWaits();
    await repoInfo(options).catch(() => undefined);
    const error = (await repoInfo(options).catch((caught: unknown) => caught)) as HubHttpError;
    expect(error).toBeInstanceOf(HubHttpError);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/Rate limit "api" of 1 requests per 900 s window reached; it resets in \d+ s\./);
    expect(error.message).toMatch(
      /The server asked to wait \d+ s before retrying, more than retry\.maxServerDelay \(300 s\): not retried\./,
    );
    expect(waits).toEqual([]);
    // A larger cap lets the client wait for it.
    expect(
      (await repoInfo({ ...options, repoId: "alice/anything", retry: { maxServerDelay: 1_000_000 } }).catch(
        (caught: unknown) => caught,
      )) as HubHttpError,
    ).toMatchObject({ status: 404 });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(300_000);
  });
});
