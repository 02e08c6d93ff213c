import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubTimeoutError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchBlob, SMALL_BLOB_BYTES } from "./fetch-blob.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-blob-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A server that sends 10 bytes of the file, then nothing more. */
const stallingFetch = () =>
  mockFetch({
    "GET /a/b/resolve/*": () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new Uint8Array(10));
          },
        }),
      ),
  });

const params = (size: number) => ({
  options: { fetch: stallingFetch(), hubUrl: "http://hub.test", retry: false as const },
  source: { repoId: "a/b", path: "f.bin", revision: "main" },
  target: join(folder, "blobs", "e".repeat(64)),
  lockPath: join(folder, "f.lock"),
  etag: "e".repeat(64),
  size,
  stallTimeout: 50,
});

describe("fetchBlob stall timeout", () => {
  it("fails with HubTimeoutError when the body of a large file stops, keeping the partial file", async () => {
    const download = params(SMALL_BLOB_BYTES + 100);
    await expect(fetchBlob(download)).rejects.toBeInstanceOf(HubTimeoutError);
    expect((await stat(`${download.target}.incomplete`)).size).toBe(10);
  });

  it("fails the same way for a small file fetched into memory, leaving nothing behind", async () => {
    const download = params(100);
    await expect(fetchBlob(download)).rejects.toBeInstanceOf(HubTimeoutError);
    expect(await readdir(folder)).toEqual([]);
  });
});
