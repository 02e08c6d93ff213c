import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubTimeoutError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchBlob } from "./fetch-blob.ts";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "hub-blob-"));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe("fetchBlob stall timeout", () => {
  it("fails with HubTimeoutError when the body stops sending, keeping the partial file", async () => {
    const fetch = mockFetch({
      "GET /a/b/resolve/*": () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(10));
            },
          }),
        ),
    });
    const target = join(folder, "blobs", "e".repeat(64));
    const download = fetchBlob({
      options: { fetch, hubUrl: "http://hub.test" },
      source: { repoId: "a/b", path: "f.bin", revision: "main" },
      target,
      lockPath: join(folder, "f.lock"),
      etag: "e".repeat(64),
      size: 100,
      stallTimeout: 50,
    });
    await expect(download).rejects.toBeInstanceOf(HubTimeoutError);
    expect((await stat(`${target}.incomplete`)).size).toBe(10);
  });
});
