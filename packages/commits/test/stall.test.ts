import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { HubTimeoutError } from "@hub/core";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LazySource, uploadFile } from "../src/index.ts";
import { type AliceOptions, createTestRepo, headOf, remoteDigest, startAliceServer } from "./helpers.ts";

const MiB = 1024 * 1024;
const STALL_TIMEOUT = 1000;

let hub: TestServer;
let alice: AliceOptions;

/** Storage that takes PUTs and then stalls: it never reads the body, or reads it all and never answers. */
interface StallingStorage {
  url: string;
  /** Requests seen, in order. */
  seen: string[];
  close(): Promise<void>;
}

async function stallingStorage(mode: "never-reads" | "never-answers"): Promise<StallingStorage> {
  const seen: string[] = [];
  const held: IncomingMessage[] = [];
  const server: Server = createServer((request) => {
    seen.push(`${request.method} ${request.url}`);
    held.push(request);
    if (mode === "never-reads") request.pause();
    else request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    async close() {
      for (const request of held) request.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fetch that sends the first `stalls` storage PUTs to `storage` instead of the real server. */
function divertingFetch(storage: StallingStorage, stalls: number): typeof fetch {
  let diverted = 0;
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    // The caller's own Request, not a copy: a copy's signal follows the original only while the copy lives (undici).
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    if (request.method === "PUT" && url.pathname.startsWith("/lfs-storage/") && diverted < stalls) {
      diverted++;
      return fetch(`${storage.url}${url.pathname}${url.search}`, {
        method: "PUT",
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        duplex: "half",
      } as RequestInit);
    }
    return fetch(request);
  }) as typeof fetch;
}

/** 32 MiB of one byte, read 1 MiB at a time (binary: an LFS file; one PUT with the server's 64 MiB multipart threshold). */
function filled(byte: number): LazySource {
  return {
    size: 32 * MiB,
    stream(start, end) {
      let position = start;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (position >= end) return controller.close();
          const length = Math.min(MiB, end - position);
          position += length;
          controller.enqueue(new Uint8Array(length).fill(byte));
        },
      });
    },
  };
}

beforeAll(async () => {
  // LFS PUTs to a stalling storage: a server without Xet, so that uploads take the LFS transfers.
  ({ hub, alice } = await startAliceServer({ multipartThreshold: 64 * MiB, xet: false }));
});
afterAll(() => hub.close());

// Real stalls and retries: the default 30 s per test is too short on a loaded machine.
describe("stall timeout of upload PUTs (against storage that really stalls)", { timeout: 120_000 }, () => {
  it("a PUT whose body stops moving fails after stallTimeout and is retried; the upload completes", async () => {
    await createTestRepo(hub, "stall-body");
    const storage = await stallingStorage("never-reads");
    try {
      const started = performance.now();
      await uploadFile({
        ...alice,
        fetch: divertingFetch(storage, 1),
        retry: { baseDelay: 1 },
        stallTimeout: STALL_TIMEOUT,
        repoId: "alice/stall-body",
        file: filled(0),
        pathInRepo: "zeros.bin",
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(STALL_TIMEOUT);
      expect(storage.seen).toHaveLength(1);
      expect(storage.seen[0]).toMatch(/^PUT \/lfs-storage\//);
      expect((await remoteDigest(hub, "alice/stall-body", "main", "zeros.bin"))?.size).toBe(32 * MiB);
    } finally {
      await storage.close();
    }
  });

  it("a PUT whose answer never comes fails with a HubTimeoutError once the attempts are used up; nothing is committed", async () => {
    await createTestRepo(hub, "stall-answer");
    const before = await headOf(hub, "models/alice/stall-answer");
    const storage = await stallingStorage("never-answers");
    try {
      const error = await uploadFile({
        ...alice,
        fetch: divertingFetch(storage, Number.POSITIVE_INFINITY),
        retry: { attempts: 2, baseDelay: 1 },

        stallTimeout: STALL_TIMEOUT,
        repoId: "alice/stall-answer",
        file: filled(1),
        pathInRepo: "ones.bin",
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HubTimeoutError);
      expect(error).toMatchObject({
        timeout: STALL_TIMEOUT,
        message: expect.stringMatching(/^Upload stalled: no progress for 1000 ms \(PUT http:\/\/127\.0\.0\.1:\d+\/lfs-storage\//),
      });
      expect(storage.seen).toHaveLength(2);
      expect(await headOf(hub, "models/alice/stall-answer")).toBe(before);
    } finally {
      await storage.close();
    }
  });
});
