import { sha256 } from "@hub/core";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommit, type CommitOperation, type LazySource } from "../src/index.ts";
import { type AliceOptions, binaryBytes, createTestRepo, headOf, recordingFetch, remoteDigest, startAliceServer } from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;

beforeAll(async () => {
  // Resuming LFS transfers: a server without Xet (xet.test.ts resumes a Xet upload).
  ({ hub, alice } = await startAliceServer({ xet: false }));
});
afterAll(() => hub.close());

describe("abort and resume", () => {
  it("an abort mid-upload leaves the repo unchanged; the next run sends only the missing objects", async () => {
    await createTestRepo(hub, "resume");
    const files = { "a.bin": binaryBytes(2_000_000, 1), "b.bin": binaryBytes(12_000_000, 2), "c.bin": binaryBytes(3_000_000, 3) };
    const oids = Object.fromEntries(await Promise.all(Object.entries(files).map(async ([path, bytes]) => [path, await sha256(bytes)])));
    const controller = new AbortController();
    const armed = { value: false };
    // b.bin's upload stream gives its first MiB, then nothing until the abort: the PUT is cut mid-body.
    const operations: CommitOperation[] = Object.entries(files).map(([pathInRepo, content]) => ({
      operation: "add",
      pathInRepo,
      content: pathInRepo === "b.bin" ? stallingAfterFirstChunk(content, controller.signal, armed) : content,
    }));
    const before = await headOf(hub, "models/alice/resume");

    const first = recordingFetch();
    const aborted = await createCommit({
      ...alice,
      fetch: first,
      signal: controller.signal,
      numThreads: 1,
      repoId: "alice/resume",
      operations,
      commitMessage: "Three files",
      // Abort in the middle of b.bin's PUT body (its first MiB of 12 MB sent).
      onProgress: (event) => {
        if (event.phase === "hashing" && event.path === "b.bin" && event.fileBytes === event.fileSize) armed.value = true;
        if (event.phase === "uploading" && event.path === "b.bin" && event.fileBytes >= 1_000_000) controller.abort();
      },
    }).catch((caught: unknown) => caught);
    expect(aborted).toMatchObject({ name: "AbortError" });
    expect(await headOf(hub, "models/alice/resume")).toBe(before);
    expect(first.requests.some((request) => request.url.includes("/commit/"))).toBe(false);
    const putsTo = (requests: typeof first.requests, path: string) =>
      requests.filter((request) => request.method === "PUT" && request.url.includes(`/lfs-storage/${oids[path]}`));
    expect(putsTo(first.requests, "a.bin")).toHaveLength(1);
    expect(putsTo(first.requests, "b.bin")).toHaveLength(1);
    expect(putsTo(first.requests, "b.bin")[0]!.sent).toBeLessThan(12_000_000);
    expect(putsTo(first.requests, "c.bin")).toHaveLength(0);

    const second = recordingFetch();
    const again: CommitOperation[] = Object.entries(files).map(([pathInRepo, content]) => ({ operation: "add", pathInRepo, content }));
    const commit = await createCommit({ ...alice, fetch: second, repoId: "alice/resume", operations: again, commitMessage: "Three files" });
    expect(putsTo(second.requests, "a.bin")).toHaveLength(0);
    expect(putsTo(second.requests, "b.bin").map((request) => request.sent)).toEqual([12_000_000]);
    expect(putsTo(second.requests, "c.bin").map((request) => request.sent)).toEqual([3_000_000]);
    const uploaded = second.requests.filter((request) => request.method === "PUT").reduce((sum, request) => sum + request.sent, 0);
    expect(uploaded).toBe(15_000_000);
    expect(await headOf(hub, "models/alice/resume")).toBe(commit.oid);
    for (const [path, bytes] of Object.entries(files))
      expect(await remoteDigest(hub, "alice/resume", "main", path)).toEqual({ sha256: oids[path], size: bytes.byteLength });
  });
});

/** A source read normally until `armed` (its hashing is done); then its streams stall after one MiB until `signal` fires. */
function stallingAfterFirstChunk(bytes: Uint8Array, signal: AbortSignal, armed: { value: boolean }): LazySource {
  return {
    size: bytes.byteLength,
    stream(start, end) {
      const range = bytes.subarray(start, end);
      if (!armed.value) return new Blob([range as BlobPart]).stream();
      let sent = false;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sent) {
            sent = true;
            controller.enqueue(range.slice(0, 1024 * 1024));
            return;
          }
          await new Promise((resolve) => (signal.aborted ? resolve(undefined) : signal.addEventListener("abort", resolve, { once: true })));
          controller.error(signal.reason);
        },
      });
    },
  };
}
