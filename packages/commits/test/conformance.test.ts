import { downloadFile as officialDownloadFile, uploadFiles as officialUploadFiles } from "@huggingface/hub";
import { downloadFile } from "@hub/repos";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadFile, uploadFiles } from "../src/index.ts";
import { type AliceOptions, createTestRepo, generatedBytes, recordingFetch, startAliceServer } from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;

beforeAll(async () => {
  ({ hub, alice } = await startAliceServer());
});
afterAll(() => hub.close());

function equalBytes(actual: Uint8Array, expected: Uint8Array): boolean {
  return actual.byteLength === expected.byteLength && actual.every((byte, index) => byte === expected[index]);
}

describe("conformance with the official JS client (@huggingface/hub 2.17.5)", () => {
  // Uploads now go through Xet (chunking and hashing in JS): on a loaded machine they take longer than 30 s.
  it("reads back byte-identical what we uploaded (regular, LFS and multipart files)", async () => {
    await createTestRepo(hub, "ours", "dataset");
    const files = {
      "notes/readme.txt": new TextEncoder().encode("hello from @hub/commits\n"),
      "data/small.bin": generatedBytes(11, 0, 300_000),
      "data/large.bin": generatedBytes(12, 0, 20 * 1024 * 1024 + 123), // through Xet (3 multipart parts of 8 MiB with LFS)
    };
    await uploadFiles({
      ...alice,
      repoId: "alice/ours",
      repoType: "dataset",
      files: Object.entries(files).map(([path, content]) => ({ path, content })),
    });
    for (const [path, expected] of Object.entries(files)) {
      const blob = await officialDownloadFile({
        repo: { type: "dataset", name: "alice/ours" },
        path,
        hubUrl: hub.url,
        accessToken: hub.tokens.alice,
        xet: false,
      });
      expect(blob, path).not.toBeNull();
      expect(equalBytes(new Uint8Array(await blob!.arrayBuffer()), expected), path).toBe(true);
    }
  }, 120_000);

  it("reads back what the official client uploaded, and skips re-uploading its LFS objects", async () => {
    await createTestRepo(hub, "theirs");
    const files = { "config.json": new TextEncoder().encode('{"from":"official"}'), "weights.bin": generatedBytes(13, 0, 2_000_000) };
    await officialUploadFiles({
      repo: { type: "model", name: "alice/theirs" },
      accessToken: hub.tokens.alice,
      hubUrl: hub.url,
      useXet: false,
      files: Object.entries(files).map(([path, content]) => ({ path, content: new Blob([content as BlobPart]) })),
    });
    for (const [path, expected] of Object.entries(files)) {
      const response = await downloadFile({ ...alice, repoId: "alice/theirs", path });
      expect(equalBytes(new Uint8Array(await response.arrayBuffer()), expected), path).toBe(true);
    }
    const fetch = recordingFetch();
    const result = await uploadFile({
      ...alice,
      fetch,
      repoId: "alice/theirs",
      file: files["weights.bin"],
      pathInRepo: "copy-of-weights.bin",
    });
    expect(fetch.requests.filter((request) => request.method === "PUT")).toEqual([]);
    const copy = await downloadFile({ ...alice, repoId: "alice/theirs", path: "copy-of-weights.bin" });
    expect(equalBytes(new Uint8Array(await copy.arrayBuffer()), files["weights.bin"])).toBe(true);
    expect(result.commit.oid).toMatch(/^[0-9a-f]{40}$/);
  }, 120_000);
});
