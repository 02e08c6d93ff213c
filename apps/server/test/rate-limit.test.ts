import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRateLimit } from "../src/http/rate-limit.ts";
import { file, header, startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
beforeAll(async () => {
  hub = await startHarness({ rateLimit: { limit: 3, windowSeconds: 60, now: () => clock } });
  await hub.createRepo("alice/limited");
  expect((await hub.commit("alice/limited", [header("add"), file("a.txt", "hello")])).status).toBe(200);
});
afterAll(async () => {
  await hub.close();
});

describe("rate limit", () => {
  it("parses N/WINDOW", () => {
    expect(parseRateLimit("500/300")).toEqual({ limit: 500, windowSeconds: 300 });
    expect(parseRateLimit("500/5m")).toEqual({ limit: 500, windowSeconds: 300 });
    expect(() => parseRateLimit("500 per minute")).toThrow(RangeError);
  });

  it("sends RateLimit headers on answers and a 429 with Retry-After over the limit, per token and window", async () => {
    clock += 60_000 - (clock % 60_000) + 10_000; // 10 s into a fresh window
    const token = hub.tokens.bob;
    const first = await hub.request("/api/models/alice/limited", { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit")).toBe('"api";r=2;t=50');
    expect(first.headers.get("ratelimit-policy")).toBe('"fixed window";"api";q=3;w=60');
    await hub.request("/api/models/alice/limited", { token });
    expect((await hub.request("/api/models/alice/limited", { token })).headers.get("ratelimit")).toBe('"api";r=0;t=50');
    const limited = await hub.request("/api/models/alice/limited", { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("50");
    expect(limited.headers.get("ratelimit")).toBe('"api";r=0;t=50');
    expect((await limited.json()).error).toMatch(/rate limit/);
    // Another caller, and downloads (their own bucket), are counted apart; /health is not counted.
    expect((await hub.request("/api/models/alice/limited", { token: hub.tokens.carol })).status).toBe(200);
    const download = await hub.request("/alice/limited/resolve/main/a.txt", { token });
    expect(download.status).toBe(200);
    expect(download.headers.get("ratelimit")).toBe('"resolvers";r=2;t=50');
    expect((await hub.request("/health", { token })).status).toBe(200);
    // The next window starts afresh.
    clock += 50_000;
    expect((await hub.request("/api/models/alice/limited", { token })).status).toBe(200);
  });
});
