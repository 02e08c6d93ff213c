import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { FaultInjector, type FaultKind } from "../src/http/faults.ts";
import { startHarness, file, header, type Harness } from "./helpers.ts";

let hub: Harness | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/** One raw HTTP GET: what arrived (status, headers, body bytes) or how the connection failed. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status?: number; headers?: Record<string, unknown>; body: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const request = httpRequest(url, { headers: { Connection: "close", ...headers } }, (response) => {
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", (error: NodeJS.ErrnoException) =>
        resolve({
          status: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks),
          error: error.code ?? error.message,
        }),
      );
      response.on("aborted", () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks), error: "aborted" }),
      );
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ body: Buffer.concat(chunks), error: error.code ?? error.message }));
    request.end();
  });
}

async function hubWithFault(kind: FaultKind, extra: Partial<ConstructorParameters<typeof FaultInjector>[0]> = {}): Promise<Harness> {
  // Rate 0 while the repo is prepared; then every request faults.
  const harness = await startHarness({
    faults: { rate: 1, seed: 1, kinds: [kind], exemptPaths: ["/health", "/api/repos/create", "/api/models/alice/f/commit/main"], ...extra },
  });
  await harness.createRepo("alice/f");
  const commit = await harness.commit("alice/f", [header("add"), file("data.bin", "x".repeat(10_000))]);
  expect(commit.status).toBe(200);
  return harness;
}

describe("fault injection", () => {
  it("makes the same decisions for the same seed, none on exempt paths", () => {
    const decisions = (seed: number) => {
      const injector = new FaultInjector({ rate: 0.3, seed });
      return Array.from({ length: 200 }, (_, index) => injector.decide("GET", index % 10 === 0 ? "/health" : `/api/models/x${index}`));
    };
    const first = decisions(42);
    expect(decisions(42)).toEqual(first);
    expect(decisions(43)).not.toEqual(first);
    const faulted = first.filter(Boolean).length;
    expect(faulted).toBeGreaterThan(30);
    expect(faulted).toBeLessThan(80);
    expect(first.filter((_, index) => index % 10 === 0).every((kind) => kind === undefined)).toBe(true);
    expect(new Set(first.filter(Boolean)).size).toBeGreaterThan(4);
  });

  it("rejects a bad rate or kind", () => {
    expect(() => new FaultInjector({ rate: 2 })).toThrow(RangeError);
    expect(() => new FaultInjector({ rate: 0.5, kinds: ["nope" as FaultKind] })).toThrow(RangeError);
  });

  it("resets the connection before the headers", async () => {
    hub = await hubWithFault("reset");
    const result = await rawGet(`${hub.url}/alice/f/resolve/main/data.bin`);
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/ECONNRESET|socket hang up/);
    expect(hub.server.faults?.log).toEqual([{ index: 0, method: "GET", path: "/alice/f/resolve/main/data.bin", kind: "reset" }]);
    expect((await rawGet(`${hub.url}/health`)).status).toBe(200);
  });

  it("answers 5xx and 429 with Retry-After and RateLimit headers", async () => {
    for (const kind of ["500", "502", "503"] as const) {
      hub = await hubWithFault(kind);
      const response = await hub.request("/api/models/alice/f");
      expect(response.status).toBe(Number(kind));
      await hub.close();
    }
    hub = await hubWithFault("429", { retryAfterSeconds: 7 });
    const response = await hub.request("/api/models/alice/f");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("ratelimit")).toBe('"api";r=0;t=7');
    expect(response.headers.get("ratelimit-policy")).toBe('"fixed window";"api";q=500;w=300');
  });

  it("truncates a body after promising its full Content-Length", async () => {
    hub = await hubWithFault("truncate");
    const result = await rawGet(`${hub.url}/alice/f/resolve/main/data.bin`);
    expect(result.status).toBe(200);
    expect(result.headers?.["content-length"]).toBe("10000");
    expect(result.body.length).toBe(5000);
    expect(result.error).toBeDefined();
  });

  it("resets the connection in the middle of the body", async () => {
    hub = await hubWithFault("reset-mid-body");
    const result = await rawGet(`${hub.url}/alice/f/resolve/main/data.bin`);
    expect(result.body.length).toBeLessThan(10_000);
    expect(result.error).toBeDefined();
    await expect(fetch(`${hub.url}/api/models/alice/f`).then((response) => response.json())).rejects.toThrow();
  });

  it("stalls a request for the configured time, then answers it", async () => {
    hub = await hubWithFault("stall", { stallMs: 300 });
    const started = performance.now();
    const response = await hub.request("/api/models/alice/f");
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // A client that gives up first sees no answer at all.
    await expect(hub.request("/api/models/alice/f", { signal: AbortSignal.timeout(50) })).rejects.toThrow();
  });
});
