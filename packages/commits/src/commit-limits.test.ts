import { HubValidationError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { MAX_LFS_FILES_PER_COMMIT } from "./commit-limits.ts";
import { createCommit } from "./create-commit.ts";

const hubUrl = "https://hub.test";

function preuploadAll(uploadMode: "lfs" | "regular") {
  return mockFetch({
    "POST /api/models/alice/x/preupload/main": async (request) => {
      const { files } = (await request.json()) as { files: { path: string }[] };
      return Response.json({ files: files.map(({ path }) => ({ path, uploadMode, shouldIgnore: false })), commitOid: "0".repeat(40) });
    },
  });
}

describe("commit limits", () => {
  it("rejects more than 25,000 LFS files after the preupload, before any upload or commit", async () => {
    const fetch = preuploadAll("lfs");
    const operations = Array.from({ length: MAX_LFS_FILES_PER_COMMIT + 1 }, (_, index) => ({
      operation: "add" as const,
      pathInRepo: `f/${index}.bin`,
      content: new Uint8Array([index % 256]),
    }));
    const error = await createCommit({ hubUrl, fetch, repoId: "alice/x", operations, commitMessage: "many" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubValidationError);
    expect((error as Error).message).toMatch(/at most 25000 LFS files, this one has 25001/);
    expect(new Set(fetch.calls.map((call) => call.route))).toEqual(new Set(["POST /api/models/alice/x/preupload/main"]));
    expect(fetch.calls).toHaveLength(Math.ceil((MAX_LFS_FILES_PER_COMMIT + 1) / 256));
  }, 60_000);

  it("rejects more than 1 GB of regular files", async () => {
    const fetch = preuploadAll("regular");
    const operations = [0, 1].map((index) => ({
      operation: "add" as const,
      pathInRepo: `r${index}.txt`,
      content: lazyOfSize(600_000_000),
    }));
    const error = await createCommit({ hubUrl, fetch, repoId: "alice/x", operations, commitMessage: "big" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubValidationError);
    expect((error as Error).message).toMatch(/at most 1 GB of regular files/);
    expect(fetch.calls.every((call) => call.route === "POST /api/models/alice/x/preupload/main")).toBe(true);
  }, 60_000);
});

/** A lazy source of `size` zero bytes produced in 8 MiB chunks (no memory held). */
function lazyOfSize(size: number) {
  const chunk = new Uint8Array(8 * 1024 * 1024);
  return {
    size,
    stream(start: number, end: number) {
      let position = start;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (position >= end) return controller.close();
          const length = Math.min(chunk.byteLength, end - position);
          controller.enqueue(chunk.subarray(0, length));
          position += length;
        },
      });
    },
  };
}
