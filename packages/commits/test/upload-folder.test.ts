import { mkdir, mkdtemp, readdir, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HubNetworkError, HubValidationError, sha256 } from "@hub/core";
import type { TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { uploadFile } from "../src/index.ts";
import { fileSource, uploadFolder } from "../src/node/index.ts";
import { type AliceOptions, binaryBytes, createTestRepo, remoteDigest, remoteText, startAliceServer } from "./helpers.ts";

let hub: TestServer;
let alice: AliceOptions;
let folder: string;

async function put(relative: string, content: string | Uint8Array): Promise<void> {
  await mkdir(join(folder, relative, ".."), { recursive: true });
  await writeFile(join(folder, relative), content);
}

async function repoFiles(repoId: string, revision = "main"): Promise<string[]> {
  const response = await fetch(`${hub.url}/api/models/${repoId}/tree/${encodeURIComponent(revision)}?recursive=true`, {
    headers: { authorization: `Bearer ${hub.tokens.alice}` },
  });
  return ((await response.json()) as { type: string; path: string }[])
    .filter((entry) => entry.type === "file")
    .map((entry) => entry.path)
    .sort();
}

beforeAll(async () => {
  ({ hub, alice } = await startAliceServer());
  folder = await mkdtemp(join(tmpdir(), "commits-folder-"));
  await put("config.json", '{"a":1}');
  await put("model.bin", new Uint8Array([0, 1, 2, 3, 4]));
  await put("logs/run.txt", "log");
  await put("logs/deep/trace.txt", "trace");
  await put("data/train.csv", "x,y\n1,2\n");
  await put("data/.hidden", "dot file");
  await put(".git/HEAD", "ref: refs/heads/main");
  await put("sub/.git/config", "[core]");
  // A git worktree has a .git file; snapshotDownload({ localDir }) keeps its metadata in .cache/huggingface.
  await put("worktree/.git", "gitdir: /elsewhere");
  await put(".cache/huggingface/download/config.json.metadata", "abc\n123\n");
  await put("nested/.cache/huggingface/.gitignore", "*");
});
afterAll(async () => {
  await hub.close();
  await rm(folder, { recursive: true, force: true });
});

/** Files below `folder` this process has open (Linux: /proc/self/fd). */
async function openFilesBelow(folder: string): Promise<string[]> {
  const targets = await Promise.all((await readdir("/proc/self/fd")).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => "")));
  return targets.filter((target) => target.startsWith(folder));
}

describe("uploadFolder", () => {
  it.runIf(process.platform === "linux")("closes every file it opened when its uploads fail", async () => {
    const large = await mkdtemp(join(tmpdir(), "commits-failing-"));
    try {
      for (const name of ["a.bin", "b.bin", "c.bin"]) await writeFile(join(large, name), binaryBytes(3 * 1024 * 1024, name.charCodeAt(0)));
      // Every PUT breaks after its first chunk, and the body is left as it is (as a reset connection leaves it).
      const breaking: typeof fetch = async (input, init) => {
        const request = new Request(input, init);
        if (request.method !== "PUT") return fetch(request);
        await request.body?.getReader().read();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
      };
      await createTestRepo(hub, "failing-uploads");
      const repoId = "alice/failing-uploads";
      await expect(
        uploadFolder({ ...alice, fetch: breaking, useXet: false, retry: { attempts: 2, baseDelay: 1 }, repoId, folderPath: large }),
      ).rejects.toBeInstanceOf(HubNetworkError);
      expect(await openFilesBelow(large)).toEqual([]);
    } finally {
      await rm(large, { recursive: true, force: true });
    }
  });

  it("sends a .gitignore it adds with the preupload, so the server ignores what it lists", async () => {
    await createTestRepo(hub, "folder-gitignore");
    const local = await mkdtemp(join(tmpdir(), "commits-gitignore-"));
    await writeFile(join(local, ".gitignore"), "*.log\n");
    await writeFile(join(local, "debug.log"), "noise");
    await writeFile(join(local, "keep.txt"), "kept");
    const preuploads: unknown[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.url.includes("/preupload/")) preuploads.push(await request.clone().json());
      return globalThis.fetch(request);
    }) as typeof globalThis.fetch;
    await uploadFolder({ ...alice, fetch, repoId: "alice/folder-gitignore", folderPath: local });
    expect(preuploads).toEqual([expect.objectContaining({ gitIgnore: "*.log\n" })]);
    expect(await repoFiles("alice/folder-gitignore")).toEqual([".gitattributes", ".gitignore", "keep.txt"]);
    await rm(local, { recursive: true, force: true });
  });

  it("uploads a folder tree with its structure, skipping .git and .cache/huggingface", async () => {
    await createTestRepo(hub, "folder-all");
    const result = await uploadFolder({ ...alice, repoId: "alice/folder-all", folderPath: folder });
    expect(result.url).toBe(`${hub.url}/alice/folder-all/tree/main`);
    expect(result.commit.commitMessage).toBe("Upload folder with @hub/sdk");
    expect(await repoFiles("alice/folder-all")).toEqual(
      [".gitattributes", "config.json", "data/.hidden", "data/train.csv", "logs/deep/trace.txt", "logs/run.txt", "model.bin"].sort(),
    );
    expect(await remoteText(hub, "alice/folder-all", "main", "logs/deep/trace.txt")).toBe("trace");
  });

  it("applies allow and ignore patterns (fnmatch: * crosses /, a trailing / means the folder) under pathInRepo", async () => {
    await createTestRepo(hub, "folder-patterns");
    const result = await uploadFolder({
      ...alice,
      repoId: "alice/folder-patterns",
      folderPath: folder,
      pathInRepo: "exp/run1",
      allowPatterns: ["*.txt", "*.json"],
      ignorePatterns: "logs/deep/",
    });
    expect(result.url).toBe(`${hub.url}/alice/folder-patterns/tree/main/exp/run1`);
    expect(result.commit.commitMessage).toBe("Upload folder exp/run1 with @hub/sdk");
    expect(await repoFiles("alice/folder-patterns")).toEqual([".gitattributes", "exp/run1/config.json", "exp/run1/logs/run.txt"]);
  });

  it("deletes remote files matching deletePatterns in the same commit, keeping uploaded ones", async () => {
    await createTestRepo(hub, "folder-delete");
    await uploadFolder({ ...alice, repoId: "alice/folder-delete", folderPath: folder, pathInRepo: "ckpt", allowPatterns: "logs/" });
    await uploadFile({ ...alice, repoId: "alice/folder-delete", file: new Blob(["stale"]), pathInRepo: "ckpt/logs/stale.txt" });
    await uploadFile({ ...alice, repoId: "alice/folder-delete", file: new Blob(["outside"]), pathInRepo: "other/stale.txt" });
    const result = await uploadFolder({
      ...alice,
      repoId: "alice/folder-delete",
      folderPath: folder,
      pathInRepo: "ckpt",
      allowPatterns: "logs/run.txt",
      deletePatterns: "*.txt",
    });
    expect(await repoFiles("alice/folder-delete")).toEqual([".gitattributes", "ckpt/logs/run.txt", "other/stale.txt"]);
    expect(result.commit.oid).toMatch(/^[0-9a-f]{40}$/);
  });

  it("opens a pull request and points the URL at its revision", async () => {
    await createTestRepo(hub, "folder-pr");
    const result = await uploadFolder({
      ...alice,
      repoId: "alice/folder-pr",
      folderPath: folder,
      allowPatterns: "config.json",
      createPr: true,
    });
    expect(result.url).toBe(`${hub.url}/alice/folder-pr/tree/refs%2Fpr%2F1`);
    expect(await repoFiles("alice/folder-pr", "refs/pr/1")).toContain("config.json");
    expect(await repoFiles("alice/folder-pr")).not.toContain("config.json");
  });

  it("rejects bad parameters before any request", async () => {
    const fetch = vi.fn(globalThis.fetch);
    await expect(uploadFolder({ ...alice, fetch, repoId: "alice/x", folderPath: folder, pathInRepo: "../up" })).rejects.toBeInstanceOf(
      HubValidationError,
    );
    await expect(uploadFolder({ ...alice, fetch, repoId: "alice/x", folderPath: "" })).rejects.toBeInstanceOf(HubValidationError);
    await expect(
      uploadFolder({ ...alice, fetch, repoId: "alice/x", folderPath: folder, allowPatterns: [1] as never }),
    ).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("fileSource", () => {
  it("streams a file from disk for uploadFile", async () => {
    await createTestRepo(hub, "file-source");
    const path = join(folder, "model.bin");
    const result = await uploadFile({ ...alice, repoId: "alice/file-source", file: await fileSource(path), pathInRepo: "m.bin" });
    expect(result.url).toBe(`${hub.url}/alice/file-source/blob/main/m.bin`);
    expect(await remoteDigest(hub, "alice/file-source", "main", "m.bin")).toEqual({
      sha256: await sha256(new Uint8Array([0, 1, 2, 3, 4])),
      size: 5,
    });
    await expect(fileSource(join(folder, "missing"))).rejects.toThrow(/ENOENT/);
  });
});
