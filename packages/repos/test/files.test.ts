import { createHash } from "node:crypto";
import { EntryNotFoundError, HubHttpError, HubValidationError, RepositoryNotFoundError, RevisionNotFoundError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRepo,
  downloadFile,
  fileExists,
  getFileMetadata,
  getPathsInfo,
  listRepoFiles,
  listRepoTree,
  modelInfo,
} from "../src/index.ts";
import { collect, putFiles } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
const weights = new Uint8Array(300_000).map((_, index) => (index * 31) % 251);
const sha256 = createHash("sha256").update(weights).digest("hex");
const repoId = "alice/files";

beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  await putFiles(hub, repoId, {
    "README.md": "# Files\n",
    "config.json": '{"a":1}',
    "data/train.csv": "x,y\n1,2\n",
    "data/sub/deep.txt": "deep",
    "weights/model.bin": weights,
  });
  await createRepo({ ...alice, repoId: "alice/files-private", private: true });
});
afterAll(async () => {
  await hub.close();
});

describe("listing", () => {
  it("lists every file recursively", async () => {
    expect((await collect(listRepoFiles({ ...alice, repoId }))).sort()).toEqual([
      ".gitattributes",
      "README.md",
      "config.json",
      "data/sub/deep.txt",
      "data/train.csv",
      "weights/model.bin",
    ]);
  });

  it("lists a folder's children, recursively, with lastCommit when expanded", async () => {
    const children = await collect(listRepoTree({ ...alice, repoId, pathInRepo: "data" }));
    expect(children.map((entry) => `${entry.type}:${entry.path}`).sort()).toEqual(["directory:data/sub", "file:data/train.csv"]);
    const all = await collect(listRepoTree({ ...alice, repoId, recursive: true, expand: true }));
    const bin = all.find((entry) => entry.path === "weights/model.bin");
    expect(bin).toMatchObject({ type: "file", size: weights.byteLength, lfs: { sha256, size: weights.byteLength } });
    expect(bin?.lastCommit?.id).toMatch(/^[0-9a-f]{40}$/);
    expect(bin?.lastCommit?.date).toBeInstanceOf(Date);
    expect(all.some((entry) => entry.type === "directory" && entry.path === "data/sub")).toBe(true);
    expect(await collect(listRepoTree({ ...alice, repoId, recursive: true, limit: 2 }))).toHaveLength(2);
  });

  it("throws EntryNotFoundError for a missing folder and RevisionNotFoundError for a missing revision", async () => {
    await expect(collect(listRepoTree({ ...alice, repoId, pathInRepo: "nope" }))).rejects.toBeInstanceOf(EntryNotFoundError);
    await expect(collect(listRepoTree({ ...alice, repoId, revision: "nope" }))).rejects.toBeInstanceOf(RevisionNotFoundError);
  });

  it("describes paths, leaving out missing ones", async () => {
    const entries = await getPathsInfo({
      ...alice,
      repoId,
      paths: ["config.json", "data", "missing.txt", "weights/model.bin"],
      expand: true,
    });
    expect(entries.map((entry) => entry.path).sort()).toEqual(["config.json", "data", "weights/model.bin"]);
    const config = entries.find((entry) => entry.path === "config.json");
    expect(config).toMatchObject({ type: "file", size: 7, blobId: createHash("sha1").update(`blob 7\0{"a":1}`).digest("hex") });
    expect(config?.lastCommit?.title).toBeTruthy();
  });
});

describe("download", () => {
  it("streams a file, a range, and the raw LFS pointer", async () => {
    const response = await downloadFile({ ...alice, repoId, path: "weights/model.bin" });
    expect(Buffer.from(await response.arrayBuffer()).equals(weights)).toBe(true);
    const part = await downloadFile({ ...alice, repoId, path: "weights/model.bin", range: { start: 10, end: 19 } });
    expect(part.status).toBe(206);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(weights.subarray(10, 20));
    const pointer = await (await downloadFile({ ...alice, repoId, path: "weights/model.bin", raw: true })).text();
    expect(pointer).toBe(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${weights.byteLength}\n`);
    expect(await (await downloadFile({ ...alice, repoId, path: "data/sub/deep.txt" })).text()).toBe("deep");
    const blob = await (await downloadFile({ ...alice, repoId, path: "config.json" })).blob();
    expect(await blob.text()).toBe('{"a":1}');
  });

  it("throws EntryNotFoundError, RevisionNotFoundError, RepositoryNotFoundError and 416", async () => {
    await expect(downloadFile({ ...alice, repoId, path: "missing.txt" })).rejects.toBeInstanceOf(EntryNotFoundError);
    await expect(downloadFile({ ...alice, repoId, path: "README.md", revision: "nope" })).rejects.toBeInstanceOf(RevisionNotFoundError);
    await expect(
      downloadFile({ accessToken: hub.tokens.bob, hubUrl: hub.url, repoId: "alice/files-private", path: "README.md" }),
    ).rejects.toBeInstanceOf(RepositoryNotFoundError);
    const error = await downloadFile({ ...alice, repoId, path: "README.md", range: { start: 1_000_000 } }).catch(
      (caught: unknown) => caught,
    );
    expect((error as HubHttpError).status).toBe(416);
  });

  it("rejects bad paths before any request", async () => {
    const fetch = mockFetch({});
    for (const path of ["../etc/passwd", "/abs", "a//b", ".git/config", ""]) {
      await expect(downloadFile({ ...alice, fetch, repoId, path })).rejects.toBeInstanceOf(HubValidationError);
      await expect(getFileMetadata({ ...alice, fetch, repoId, path })).rejects.toBeInstanceOf(HubValidationError);
      await expect(fileExists({ ...alice, fetch, repoId, path })).rejects.toBeInstanceOf(HubValidationError);
    }
    expect(fetch.calls).toHaveLength(0);
  });

  it("reads file metadata: commit, normalised ETag, size", async () => {
    const info = await modelInfo({ ...alice, repoId });
    const lfs = await getFileMetadata({ ...alice, repoId, path: "weights/model.bin" });
    expect(lfs).toMatchObject({ commitHash: info.sha, etag: sha256, size: weights.byteLength });
    expect(lfs.location).toContain("/resolve/");
    const regular = await getFileMetadata({ ...alice, repoId, path: "config.json" });
    const gitSha1 = createHash("sha1").update('blob 7\0{"a":1}').digest("hex");
    expect(regular).toMatchObject({ commitHash: info.sha, etag: gitSha1, size: 7 });
    await expect(getFileMetadata({ ...alice, repoId, path: "missing" })).rejects.toBeInstanceOf(EntryNotFoundError);
  });

  it("tells whether files exist", async () => {
    expect(await fileExists({ ...alice, repoId, path: "data/train.csv" })).toBe(true);
    expect(await fileExists({ ...alice, repoId, path: "data/none.csv" })).toBe(false);
    expect(await fileExists({ ...alice, repoId, path: "README.md", revision: "nope" })).toBe(false);
    expect(await fileExists({ accessToken: hub.tokens.bob, hubUrl: hub.url, repoId: "alice/files-private", path: "README.md" })).toBe(
      false,
    );
  });
});
