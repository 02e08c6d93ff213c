import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { HubHttpError } from "../errors/hub-http-error.ts";
import { HubNetworkError } from "../errors/hub-network-error.ts";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { mockFetch } from "../testing/mock-fetch.ts";
import type { HubRetry } from "../options.ts";
import { hubRequest } from "./hub-request.ts";

const HUB = "https://hub.test";

/** Answers with each status of `statuses` in turn (then 200 `{ ok: true }`), with optional headers. */
function sequence(statuses: number[], headers: Record<string, string> = {}) {
  let index = 0;
  return () => {
    const status = statuses[index++];
    return status === undefined ? Response.json({ ok: true }) : Response.json({ error: `status ${status}` }, { status, headers });
  };
}

function settle<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.catch((error: unknown) => error);
}

describe("hubRequest retries", () => {
  beforeAll(async () => {
    // The first request loads ky (lazily, on real I/O that fake timers cannot advance): done here,
    // so the tests below time only retries.
    await hubRequest({ hubUrl: HUB, fetch: mockFetch({ "GET /x": sequence([]) }) }, { path: "/x" });
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("retries a GET on 503 then succeeds", async () => {
    const fetch = mockFetch({ "GET /x": sequence([503]) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toEqual({ ok: true });
    expect(fetch.calls).toHaveLength(2);
  });

  it.each([408, 429, 500, 502, 504])("retries a GET on %i", async (status) => {
    const fetch = mockFetch({ "GET /x": sequence([status, status]) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch, retry: { baseDelay: 10 } }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await result).toEqual({ ok: true });
    expect(fetch.calls).toHaveLength(3);
  });

  it("does not retry other statuses", async () => {
    const fetch = mockFetch({ "GET /x": sequence([404]) });
    expect(await settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x" }))).toBeInstanceOf(HubHttpError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("gives up after the configured attempts and throws the last error", async () => {
    const fetch = mockFetch({ "GET /x": sequence([503, 503, 503, 503, 503, 503]) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch, retry: { attempts: 3, baseDelay: 10 } }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = (await result) as HubHttpError;
    expect(error).toBeInstanceOf(HubHttpError);
    expect(error.status).toBe(503);
    expect(fetch.calls).toHaveLength(3);
  });

  it("never retries with retry: false", async () => {
    const fetch = mockFetch({ "GET /x": sequence([503]) });
    expect(await settle(hubRequest({ hubUrl: HUB, fetch, retry: false }, { path: "/x" }))).toBeInstanceOf(HubHttpError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("waits with full jitter below baseDelay * 2^(attempt-1)", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const fetch = mockFetch({ "GET /x": sequence([503, 503]) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch, retry: { baseDelay: 100 } }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(49);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(fetch.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(3);
    expect(await result).toEqual({ ok: true });
    vi.mocked(Math.random).mockRestore();
  });

  it("honours Retry-After in seconds, plus one second", async () => {
    const fetch = mockFetch({ "GET /x": sequence([429], { "retry-after": "3" }) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    expect(await result).toEqual({ ok: true });
  });

  it("honours Retry-After as an HTTP date", async () => {
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const fetch = mockFetch({ "GET /x": sequence([503], { "retry-after": "Thu, 01 Jan 2026 00:00:07 GMT" }) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(7_990);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(fetch.calls).toHaveLength(2);
    expect(await result).toEqual({ ok: true });
  });

  it("honours an exhausted RateLimit quota (t) plus one second, over Retry-After", async () => {
    const fetch = mockFetch({
      "GET /x": sequence([429], {
        ratelimit: '"api";r=0;t=55',
        "ratelimit-policy": '"fixed window";"api";q=500;w=300',
        "retry-after": "1",
      }),
    });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(55_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    expect(await result).toEqual({ ok: true });
  });

  it("waits the Hub's full window (300 s + 1 s) by default, beyond maxDelay", async () => {
    const fetch = mockFetch({
      "GET /x": sequence([429], { ratelimit: '"api";r=0;t=300', "ratelimit-policy": '"fixed window";"api";q=500;w=300' }),
    });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(300_999);
    expect(fetch.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch.calls).toHaveLength(2);
    expect(await result).toEqual({ ok: true });
  });

  it("does not wait longer than maxServerDelay: a longer ask throws at once and says what was asked", async () => {
    const fetch = mockFetch({
      "GET /x": sequence([429], { ratelimit: '"api";r=0;t=120', "ratelimit-policy": '"fixed window";"api";q=500;w=300' }),
    });
    const error = (await settle(hubRequest({ hubUrl: HUB, fetch, retry: { maxServerDelay: 60_000 } }, { path: "/x" }))) as HubHttpError;
    expect(error.status).toBe(429);
    expect(fetch.calls).toHaveLength(1);
    expect(error.message).toContain('Rate limit "api" of 500 requests per 300 s window reached; it resets in 120 s.');
    expect(error.message).toContain("The server asked to wait 120 s before retrying, more than retry.maxServerDelay (60 s): not retried.");
  });

  it("says the limit in a 429 error once the attempts are spent", async () => {
    const fetch = mockFetch({
      "GET /x": sequence([429, 429], { ratelimit: '"api";r=0;t=2', "ratelimit-policy": '"fixed window";"api";q=500;w=300' }),
    });
    const result = settle(hubRequest({ hubUrl: HUB, fetch, retry: { attempts: 2 } }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(3_000);
    const error = (await result) as HubHttpError;
    expect(fetch.calls).toHaveLength(2);
    expect(error.message).toMatch(
      /^status 429 \(429, GET \/x\) Rate limit "api" of 500 requests per 300 s window reached; it resets in 2 s\.$/,
    );
  });

  it("does not repeat a POST after a 500", async () => {
    const fetch = mockFetch({ "POST /api/models/a/b/commit/main": sequence([500]) });
    const error = (await settle(
      hubRequest({ hubUrl: HUB, fetch }, { method: "POST", path: "/api/models/a/b/commit/main", json: {} }),
    )) as HubHttpError;
    expect(error.status).toBe(500);
    expect(fetch.calls).toHaveLength(1);
  });

  it("repeats a POST after a 429 (the server did not act on it)", async () => {
    const fetch = mockFetch({ "POST /api/repos/create": sequence([429], { "retry-after": "1" }) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { method: "POST", path: "/api/repos/create", json: { name: "x" } }));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await result).toEqual({ ok: true });
    expect(fetch.calls).toHaveLength(2);
    expect(await fetch.calls[1]?.request.json()).toEqual({ name: "x" });
  });

  it("retries a POST marked idempotent on 503", async () => {
    const fetch = mockFetch({ "POST /api/models/a/b/paths-info/main": sequence([503]) });
    const result = settle(
      hubRequest({ hubUrl: HUB, fetch }, { method: "POST", path: "/api/models/a/b/paths-info/main", json: {}, idempotent: true }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toEqual({ ok: true });
  });

  it("never retries a streamed body", async () => {
    const fetch = mockFetch({ "PUT /upload": sequence([503]) });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("data"));
        controller.close();
      },
    });
    const error = (await settle(hubRequest({ hubUrl: HUB, fetch }, { method: "PUT", path: "/upload", body }))) as HubHttpError;
    expect(error.status).toBe(503);
    expect(fetch.calls).toHaveLength(1);
  });

  it("stops when aborted during the backoff, with the signal's reason", async () => {
    const controller = new AbortController();
    const fetch = mockFetch({ "GET /x": sequence([503]) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch, signal: controller.signal }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch.calls).toHaveLength(1);
    controller.abort(new Error("user stop"));
    expect(await result).toEqual(new Error("user stop"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch.calls).toHaveLength(1);
  });

  it("rejects with an AbortError DOMException when aborted without a reason", async () => {
    const controller = new AbortController();
    const fetch = mockFetch({ "GET /x": sequence([503]) });
    const result = settle(hubRequest({ hubUrl: HUB, fetch }, { path: "/x", signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    const error = (await result) as DOMException;
    expect(error.name).toBe("AbortError");
  });

  it("times out an attempt, retries it, then throws HubTimeoutError", async () => {
    const hanging = (_input: RequestInfo | URL, init?: RequestInit) => {
      const request = _input instanceof Request ? _input : new Request(_input, init);
      return new Promise<Response>((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    };
    let calls = 0;
    const fetch: typeof globalThis.fetch = (input, init) => {
      calls++;
      return hanging(input, init);
    };
    const result = settle(hubRequest({ hubUrl: HUB, fetch, timeout: 1_000, retry: { attempts: 2, baseDelay: 10 } }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(2_100);
    const error = (await result) as HubTimeoutError;
    expect(error).toBeInstanceOf(HubTimeoutError);
    expect(error.timeout).toBe(1_000);
    expect(error.message).toBe("Request timed out after 1000 ms (GET https://hub.test/x)");
    expect(calls).toBe(2);
  });

  it("retries a GET after a network error, not a POST", async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      if (calls === 1) throw new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      return Response.json({ ok: true });
    };
    const result = settle(hubRequest({ hubUrl: HUB, fetch: failing }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toEqual({ ok: true });
    calls = 0;
    const error = (await settle(hubRequest({ hubUrl: HUB, fetch: failing }, { method: "POST", path: "/x", json: {} }))) as HubNetworkError;
    expect(error).toBeInstanceOf(HubNetworkError);
    expect(error.code).toBe("ECONNRESET");
    expect(calls).toBe(1);
  });

  it("retries a POST whose connection was refused", async () => {
    let calls = 0;
    const refusing: typeof fetch = async () => {
      calls++;
      if (calls === 1)
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      return Response.json({ ok: true });
    };
    const result = settle(hubRequest({ hubUrl: HUB, fetch: refusing }, { method: "POST", path: "/x", json: {} }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toEqual({ ok: true });
    expect(calls).toBe(2);
  });

  it("tells onRetry about each retry before its wait: attempt, budget, delay and cause", async () => {
    let calls = 0;
    const flaky: typeof fetch = async () => {
      calls++;
      if (calls === 1)
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      if (calls === 2) return Response.json({ error: "busy" }, { status: 503 });
      return Response.json({ ok: true });
    };
    const retries: HubRetry[] = [];
    const result = settle(
      hubRequest(
        { hubUrl: HUB, fetch: flaky, retry: { attempts: 4, baseDelay: 10 }, onRetry: (retry) => retries.push(retry) },
        { path: "/x?token=secret" },
      ),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toEqual({ ok: true });
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ attempt: 2, attempts: 4, method: "GET" });
    expect(retries[0]!.status).toBeUndefined();
    expect(retries[0]!.error).toBeInstanceOf(HubNetworkError);
    expect((retries[0]!.error as HubNetworkError).code).toBe("ECONNREFUSED");
    expect(retries[1]).toMatchObject({ attempt: 3, attempts: 4, status: 503 });
    expect(retries[1]!.error).toBeUndefined();
    for (const retry of retries) {
      expect(retry.delay).toBeGreaterThanOrEqual(0);
      expect(retry.url).not.toContain("secret");
    }
  });

  it("an onRetry that throws changes nothing, and none is called without a retry", async () => {
    const fetch = mockFetch({ "GET /x": sequence([503]) });
    const onRetry = vi.fn(() => {
      throw new Error("observer failed");
    });
    const result = settle(hubRequest({ hubUrl: HUB, fetch, retry: { baseDelay: 10 }, onRetry }, { path: "/x" }));
    await vi.advanceTimersByTimeAsync(100);
    expect(await result).toEqual({ ok: true });
    expect(onRetry).toHaveBeenCalledTimes(1);
    const once = vi.fn();
    expect(
      await hubRequest({ hubUrl: HUB, fetch: mockFetch({ "GET /y": () => Response.json({ ok: 1 }) }), onRetry: once }, { path: "/y" }),
    ).toEqual({ ok: 1 });
    expect(once).not.toHaveBeenCalled();
  });
});
