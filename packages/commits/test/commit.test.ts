import { CommitConflictError, EntryNotFoundError, HubValidationError, sha256 } from "@hub/core";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type CommitProgressEvent, createCommit, deleteFile, deleteFiles, deleteFolder, uploadFile, uploadFiles } from "../src/index.ts";
import {
  type AliceOptions,
  binaryBytes,
  createTestRepo,
  generatedSource,
  headOf,
  recordingFetch,
  remoteDigest,
  remoteText,
  startAliceServer,
} from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;

beforeAll(async () => {
  ({ hub, alice } = await startAliceServer());
});
afterAll(() => hub.close());

describe("createCommit", () => {
  it("commits a regular file, an LFS file and a 120 MB multipart file in one commit, with progress, without sending the token to storage", async () => {
    await createTestRepo(hub, "mixed");
    const big = generatedSource(120 * 1024 * 1024, 7);
    const expectedBig = await sha256(big.stream(0, big.size));
    const small = binaryBytes(300_000, 5);
    const events: CommitProgressEvent[] = [];
    const fetch = recordingFetch();
    const commit = await createCommit({
      ...alice,
      fetch,
      // The LFS transfers (single PUT, multipart) themselves: Xet is covered in xet.test.ts.
      useXet: false,
      repoId: "alice/mixed",
      operations: [
        { operation: "add", pathInRepo: "README.md", content: new Blob(["# mixed\n"]) },
        { operation: "add", pathInRepo: "weights/small.bin", content: small },
        { operation: "add", pathInRepo: "weights/big.bin", content: big },
      ],
      commitMessage: "Add three files",
      commitDescription: "regular, LFS and multipart",
      onProgress: (event) => events.push(event),
    });
    expect(commit.oid).toMatch(/^[0-9a-f]{40}$/);
    expect(commit.commitUrl).toBe(`${hub.url}/alice/mixed/commit/${commit.oid}`);
    expect(commit).toMatchObject({ commitMessage: "Add three files", commitDescription: "regular, LFS and multipart" });
    expect(commit.prUrl).toBeUndefined();
    expect(await headOf(hub, "models/alice/mixed")).toBe(commit.oid);
    expect(await remoteText(hub, "alice/mixed", "main", "README.md")).toBe("# mixed\n");
    expect(await remoteDigest(hub, "alice/mixed", "main", "weights/small.bin")).toEqual({
      sha256: await sha256(small),
      size: small.byteLength,
    });
    expect(await remoteDigest(hub, "alice/mixed", "main", "weights/big.bin")).toEqual({ sha256: expectedBig, size: big.size });

    const storage = fetch.requests.filter((request) => request.url.includes("/lfs-storage/"));
    const parts = storage.filter((request) => request.method === "PUT" && request.url.includes("/multipart/"));
    expect(parts).toHaveLength(15); // 120 MiB in 8 MiB parts
    expect(parts.reduce((sum, request) => sum + request.sent, 0)).toBe(big.size);
    expect(storage.every((request) => request.authorization === null)).toBe(true);
    const batch = fetch.requests.find((request) => request.url.endsWith(".git/info/lfs/objects/batch"));
    expect(batch?.authorization).toBe(`Bearer ${hub.tokens.alice}`);

    const total = small.byteLength + big.size + 8;
    const last = (phase: string, path: string) => events.filter((event) => event.phase === phase && event.path === path).at(-1);
    expect(last("hashing", "weights/big.bin")).toMatchObject({ fileBytes: big.size, fileSize: big.size, totalSize: total });
    expect(last("uploading", "weights/big.bin")).toMatchObject({ fileBytes: big.size, fileSize: big.size });
    expect(last("uploading", "README.md")).toMatchObject({ fileBytes: 8 });
    // Byte-level upload progress: many events for one multipart file, and the overall total reached.
    expect(events.filter((event) => event.phase === "uploading" && event.path === "weights/big.bin").length).toBeGreaterThan(15);
    expect(events.filter((event) => event.phase === "uploading").at(-1)?.totalBytes).toBe(total);
    expect(events.filter((event) => event.phase === "hashing").at(-1)?.totalBytes).toBe(total);
    // Each event names its step, and the steps come in the protocol's order.
    const steps = events.map((event) => event.step).filter((step, index, all) => index === 0 || all[index - 1] !== step);
    expect(steps).toEqual(["hash", "uploadLfs", "commit"]);
    expect(last("uploading", "README.md")?.step).toBe("commit");
  }, 120_000);

  it("skips objects the server already has and reports them as skipped", async () => {
    await createTestRepo(hub, "dedup");
    const bytes = binaryBytes(200_000, 9);
    await uploadFile({ ...alice, repoId: "alice/dedup", file: bytes, pathInRepo: "a.bin" });
    const fetch = recordingFetch();
    const events: CommitProgressEvent[] = [];
    await uploadFile({
      ...alice,
      fetch,
      repoId: "alice/dedup",
      file: bytes,
      pathInRepo: "b.bin",
      onProgress: (event) => events.push(event),
    });
    expect(fetch.requests.filter((request) => request.url.includes("/lfs-storage/"))).toEqual([]);
    expect(events.filter((event) => event.phase === "uploading")).toEqual([
      expect.objectContaining({ path: "b.bin", step: "uploadLfs", fileBytes: 200_000, skipped: true }),
    ]);
    expect(await remoteDigest(hub, "alice/dedup", "main", "b.bin")).toEqual({ sha256: await sha256(bytes), size: 200_000 });
  });

  it("deletes a file and a folder, and reports a missing file as EntryNotFoundError", async () => {
    await createTestRepo(hub, "deletes", "dataset");
    const target = { ...alice, repoId: "alice/deletes", repoType: "dataset" as const };
    await uploadFiles({
      ...target,
      files: [
        { path: "keep.txt", content: new Blob(["keep"]) },
        { path: "old.txt", content: new Blob(["old"]) },
        { path: "logs/a.txt", content: new Blob(["a"]) },
        { path: "logs/deep/b.txt", content: new Blob(["b"]) },
        { path: "x.txt", content: new Blob(["x"]) },
        { path: "y.txt", content: new Blob(["y"]) },
      ],
    });
    const deleted = await deleteFile({ ...target, pathInRepo: "old.txt" });
    expect(deleted.commitMessage).toBe("Delete old.txt with @hub/sdk");
    const folder = await deleteFolder({ ...target, pathInRepo: "logs" });
    expect(folder.commitMessage).toBe("Delete folder logs with @hub/sdk");
    const several = await deleteFiles({ ...target, paths: ["x.txt", "y.txt"] });
    expect(several.commitMessage).toBe("Delete 2 files with @hub/sdk");
    for (const path of ["old.txt", "logs/a.txt", "logs/deep/b.txt", "x.txt", "y.txt"])
      expect(await remoteText(hub, "datasets/alice/deletes", "main", path)).toBeUndefined();
    expect(await remoteText(hub, "datasets/alice/deletes", "main", "keep.txt")).toBe("keep");
    await expect(deleteFile({ ...target, pathInRepo: "old.txt" })).rejects.toBeInstanceOf(EntryNotFoundError);
    // The auto rule: a path ending with "/" is a folder.
    await uploadFiles({ ...target, files: [{ path: "tmp/z.txt", content: new Blob(["z"]) }] });
    await createCommit({ ...target, operations: [{ operation: "delete", pathInRepo: "tmp/" }], commitMessage: "Remove tmp" });
    expect(await remoteText(hub, "datasets/alice/deletes", "main", "tmp/z.txt")).toBeUndefined();
  });

  it("uploadFiles names the path like uploadFile (pathInRepo), and still takes @huggingface/hub's path", async () => {
    await createTestRepo(hub, "named-paths");
    const target = { ...alice, repoId: "alice/named-paths" };
    const result = await uploadFiles({
      ...target,
      files: [
        { pathInRepo: "a.txt", content: new Blob(["a"]) },
        { path: "b.txt", content: new Blob(["b"]) },
      ],
    });
    expect(result.commit.commitMessage).toBe("Upload 2 files with @hub/sdk");
    expect(await remoteText(hub, "alice/named-paths", "main", "a.txt")).toBe("a");
    expect(await remoteText(hub, "alice/named-paths", "main", "b.txt")).toBe("b");
  });

  it("opens a pull request with createPr and returns its revision; main is untouched", async () => {
    await createTestRepo(hub, "pr");
    const before = await headOf(hub, "models/alice/pr");
    const result = await uploadFile({
      ...alice,
      repoId: "alice/pr",
      file: new Blob(["proposal"]),
      pathInRepo: "docs/idea.md",
      createPr: true,
    });
    expect(result.commit).toMatchObject({
      prNum: 1,
      prRevision: "refs/pr/1",
      prUrl: `${hub.url}/alice/pr/discussions/1`,
      commitMessage: "Upload docs/idea.md with @hub/sdk",
    });
    expect(result.url).toBe(`${hub.url}/alice/pr/blob/refs%2Fpr%2F1/docs/idea.md`);
    expect(await headOf(hub, "models/alice/pr")).toBe(before);
    expect(await remoteText(hub, "alice/pr", "main", "docs/idea.md")).toBeUndefined();
    expect(await remoteText(hub, "alice/pr", "refs/pr/1", "docs/idea.md")).toBe("proposal");
    // Committing again to the PR's revision.
    const second = await uploadFile({
      ...alice,
      repoId: "alice/pr",
      file: new Blob(["more"]),
      pathInRepo: "docs/more.md",
      revision: "refs/pr/1",
    });
    expect(second.url).toBe(`${hub.url}/alice/pr/blob/refs%2Fpr%2F1/docs/more.md`);
    expect(await headOf(hub, "models/alice/pr", "refs/pr/1")).toBe(second.commit.oid);
  });

  it("refuses a stale parentCommit with CommitConflictError (412) carrying the server message", async () => {
    await createTestRepo(hub, "conflict");
    const first = await uploadFile({ ...alice, repoId: "alice/conflict", file: new Blob(["1"]), pathInRepo: "a.txt" });
    await uploadFile({ ...alice, repoId: "alice/conflict", file: new Blob(["2"]), pathInRepo: "a.txt", parentCommit: first.commit.oid });
    const error = await uploadFile({
      ...alice,
      repoId: "alice/conflict",
      file: new Blob(["3"]),
      pathInRepo: "a.txt",
      parentCommit: first.commit.oid,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as CommitConflictError).status).toBe(412);
    expect((error as CommitConflictError).serverMessage).toMatch(/commit has happened since/i);
    expect(await remoteText(hub, "alice/conflict", "main", "a.txt")).toBe("2");
  });

  it("refuses a commit the server turns down with 409 (a closed pull request) as CommitConflictError with its message", async () => {
    await createTestRepo(hub, "closed-pr");
    const pr = await uploadFile({ ...alice, repoId: "alice/closed-pr", file: new Blob(["draft"]), pathInRepo: "a.txt", createPr: true });
    const closed = await fetch(`${hub.url}/api/models/alice/closed-pr/discussions/${pr.commit.prNum}/status`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.tokens.alice}`, "content-type": "application/json" },
      body: JSON.stringify({ status: "closed" }),
    });
    expect(closed.status).toBe(200);
    const error = await uploadFile({
      ...alice,
      repoId: "alice/closed-pr",
      file: new Blob(["late"]),
      pathInRepo: "b.txt",
      revision: pr.commit.prRevision!,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as CommitConflictError).status).toBe(409);
    expect((error as CommitConflictError).serverMessage).toMatch(/closed and accepts no new commits/);
    expect(await remoteText(hub, "alice/closed-pr", pr.commit.prRevision!, "b.txt")).toBeUndefined();
  });

  it("copies an LFS file by reference (an lfsFile line without size) and a regular file by content", async () => {
    await createTestRepo(hub, "copies");
    const bytes = binaryBytes(100_000, 3);
    await uploadFiles({
      ...alice,
      repoId: "alice/copies",
      files: [
        { path: "w.bin", content: bytes },
        { path: "notes.txt", content: new Blob(["notes"]) },
      ],
    });
    const fetch = recordingFetch();
    await createCommit({
      ...alice,
      fetch,
      repoId: "alice/copies",
      operations: [
        { operation: "copy", srcPathInRepo: "w.bin", pathInRepo: "copy/w.bin" },
        { operation: "copy", srcPathInRepo: "notes.txt", pathInRepo: "copy/notes.txt" },
      ],
      commitMessage: "Copy",
    });
    expect(fetch.requests.filter((request) => request.url.includes("lfs"))).toEqual([]);
    expect(await remoteDigest(hub, "alice/copies", "main", "copy/w.bin")).toEqual({ sha256: await sha256(bytes), size: 100_000 });
    expect(await remoteText(hub, "alice/copies", "main", "copy/notes.txt")).toBe("notes");
    await expect(
      createCommit({
        ...alice,
        repoId: "alice/copies",
        operations: [{ operation: "copy", srcPathInRepo: "nope.bin", pathInRepo: "x.bin" }],
        commitMessage: "Copy",
      }),
    ).rejects.toBeInstanceOf(EntryNotFoundError);
  });

  it("retries a failed upload PUT with backoff, with a fresh body", async () => {
    await createTestRepo(hub, "retry");
    let failures = 0;
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.method === "PUT" && request.url.includes("/lfs-storage/") && failures === 0) {
        failures++;
        await request.body?.cancel();
        return new Response("busy", { status: 503 });
      }
      return globalThis.fetch(request);
    }) as typeof fetch;
    const bytes = binaryBytes(50_000, 4);
    await uploadFile({
      ...alice,
      fetch: flaky,
      useXet: false,
      retry: { baseDelay: 1 },
      repoId: "alice/retry",
      file: bytes,
      pathInRepo: "r.bin",
    });
    expect(failures).toBe(1);
    expect(await remoteDigest(hub, "alice/retry", "main", "r.bin")).toEqual({ sha256: await sha256(bytes), size: 50_000 });
  });

  it("commits an empty file as a regular file and allows an empty commit", async () => {
    await createTestRepo(hub, "empty");
    const result = await uploadFile({ ...alice, repoId: "alice/empty", file: new Uint8Array(0), pathInRepo: "empty.bin" });
    expect(await remoteText(hub, "alice/empty", "main", "empty.bin")).toBe("");
    const empty = await createCommit({ ...alice, repoId: "alice/empty", operations: [], commitMessage: "Nothing" });
    expect(empty.oid).not.toBe(result.commit.oid);
  });

  it("accepts a one-shot stream with a known size and rejects a stream of another length", async () => {
    await createTestRepo(hub, "streams");
    const stream = new Blob(["streamed content"]).stream();
    await uploadFile({ ...alice, repoId: "alice/streams", file: { stream, size: 16 }, pathInRepo: "s.txt" });
    expect(await remoteText(hub, "alice/streams", "main", "s.txt")).toBe("streamed content");
    const fetch = vi.fn(globalThis.fetch);
    await expect(
      uploadFile({
        ...alice,
        fetch,
        repoId: "alice/streams",
        file: { stream: new Blob(["short"]).stream(), size: 16 },
        pathInRepo: "t.txt",
      }),
    ).rejects.toThrow(/5 bytes/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("validation before any request", () => {
  const base = { accessToken: "hf_unused", hubUrl: "http://127.0.0.1:9", repoId: "alice/x", commitMessage: "m" };
  const cases: [string, Record<string, unknown>][] = [
    ["a .. segment", { operations: [{ operation: "add", pathInRepo: "a/../b", content: new Blob(["x"]) }] }],
    ["an absolute path", { operations: [{ operation: "add", pathInRepo: "/etc/passwd", content: new Blob(["x"]) }] }],
    ["a new line in a path", { operations: [{ operation: "add", pathInRepo: "line\nbreak.txt", content: new Blob(["x"]) }] }],
    ["a carriage return in a delete path", { operations: [{ operation: "delete", pathInRepo: "old\r.txt" }] }],
    ["a tab in a copy path", { operations: [{ operation: "copy", srcPathInRepo: "a.txt", pathInRepo: "b\t.txt" }] }],
    ["a 5,000-character path", { operations: [{ operation: "add", pathInRepo: "a".repeat(5000), content: new Blob(["x"]) }] }],
    ["a 300-character file name", { operations: [{ operation: "add", pathInRepo: `dir/${"n".repeat(300)}`, content: new Blob(["x"]) }] }],
    [
      "a duplicate path",
      {
        operations: [
          { operation: "add", pathInRepo: "a", content: new Blob(["x"]) },
          { operation: "add", pathInRepo: "./a", content: new Blob(["y"]) },
        ],
      },
    ],
    [
      "an add and a delete of one path",
      {
        operations: [
          { operation: "add", pathInRepo: "a", content: new Blob(["x"]) },
          { operation: "delete", pathInRepo: "a" },
        ],
      },
    ],
    ["a bad delete path", { operations: [{ operation: "delete", pathInRepo: "../" }] }],
    ["an unknown operation", { operations: [{ operation: "rename", pathInRepo: "a" }] }],
    ["a bad content", { operations: [{ operation: "add", pathInRepo: "a", content: "not bytes" }] }],
    ["an empty commit message", { commitMessage: "   ", operations: [] }],
    ["a bad parentCommit", { parentCommit: "main", operations: [] }],
    ["a bad repo id", { repoId: "a/b/c", operations: [] }],
    ["a bad numThreads", { numThreads: 0, operations: [] }],
    ["a bad uploadConcurrency", { uploadConcurrency: 65, operations: [] }],
  ];
  it.each(cases)("rejects %s with HubValidationError and sends nothing", async (_name, overrides) => {
    const fetch = vi.fn(globalThis.fetch);
    const bad = { operations: [{ operation: "add", pathInRepo: "good.txt", content: new Blob(["ok"]) }], ...overrides };
    await expect(createCommit({ ...base, fetch, ...bad } as never)).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("names the field of the bad path", async () => {
    const fetch = vi.fn(globalThis.fetch);
    const error = await createCommit({
      ...base,
      fetch,
      operations: [
        { operation: "add", pathInRepo: "ok.txt", content: new Blob(["x"]) },
        { operation: "add", pathInRepo: "../escape", content: new Blob(["x"]) },
      ],
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "HubValidationError", field: "operations.1.pathInRepo" });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("checks the wrappers' own fields", async () => {
    const fetch = vi.fn(globalThis.fetch);
    await expect(uploadFile({ ...base, fetch, file: new Blob(["x"]), pathInRepo: "a\\b" })).rejects.toMatchObject({ field: "pathInRepo" });
    await expect(uploadFiles({ ...base, fetch, files: [{ path: "", content: new Blob([]) }] })).rejects.toBeInstanceOf(HubValidationError);
    // Neither name given: the error names pathInRepo, as uploadFile does.
    const noPath = { content: new Blob(["x"]) } as unknown as { pathInRepo: string; content: Blob };
    await expect(uploadFiles({ ...base, fetch, files: [noPath] })).rejects.toMatchObject({
      field: "files.0.pathInRepo",
      message: expect.stringMatching(/^files\.0\.pathInRepo is required, e\.g\. "config\.json"/),
    });
    await expect(
      uploadFiles({ ...base, fetch, files: [{ pathInRepo: "a", path: "b", content: new Blob([]) } as never] }),
    ).rejects.toMatchObject({ field: "files.0.pathInRepo" });
    // A path where bytes belong: the message points at fileSource(path).
    await expect(uploadFile({ ...base, fetch, file: "./weights.bin" as never, pathInRepo: "w.bin" })).rejects.toThrow(
      /fileSource\("\.\/weights\.bin"\)/,
    );
    await expect(deleteFolder({ ...base, fetch, pathInRepo: "/" })).rejects.toBeInstanceOf(HubValidationError);
    await expect(deleteFiles({ ...base, fetch, paths: [] })).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
