import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HubValidationError } from "@hub/core";
import { createRepo, createTag, modelInfo } from "../src/index.ts";
import { CacheNotFoundError, deleteCacheRevisions, parseRepoFolderName, scanCacheDir, snapshotDownload } from "../src/node/index.ts";
import { putFiles } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
let cacheDir: string;
let first: string;
let second: string;
const repoId = "alice/scanned";
const shared = Buffer.alloc(200_000, 1);
const gitSha1 = (bytes: Buffer | string) =>
  createHash("sha1")
    .update(`blob ${Buffer.byteLength(bytes)}\0`)
    .update(bytes)
    .digest("hex");

beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId });
  await putFiles(hub, repoId, { "config.json": '{"v":1}', "data/shared.txt": shared.toString("latin1") });
  first = (await modelInfo({ ...alice, repoId })).sha!;
  await createTag({ ...alice, repoId, tag: "v1", revision: first });
  await putFiles(hub, repoId, { "config.json": '{"v":2}' });
  second = (await modelInfo({ ...alice, repoId })).sha!;
  await createRepo({ ...alice, repoId: "alice/table", repoType: "dataset" });
  await putFiles(hub, "alice/table", { "rows.csv": "a,b\n1,2\n" }, { repoType: "dataset" });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "hub-cache-manage-"));
});
afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

const storage = () => join(cacheDir, "models--alice--scanned");
/** Size of the `.gitattributes` the server puts in every new repo (each revision here has it). */
const attributesSize = async (repoFolder = storage()) => {
  const [snapshot] = await readdir(join(repoFolder, "snapshots"));
  return (await stat(join(repoFolder, "snapshots", snapshot!, ".gitattributes"))).size;
};

async function fill(options: { disableSymlinks?: boolean } = {}): Promise<void> {
  await snapshotDownload({ ...alice, repoId, cacheDir, revision: "v1", ...options });
  await snapshotDownload({ ...alice, repoId, cacheDir, ...options });
  await snapshotDownload({ ...alice, repoId: "alice/table", repoType: "dataset", cacheDir, ...options });
}

describe("scanCacheDir", () => {
  it("lists repos with type, id, size, files, refs and revisions from real downloads", async () => {
    await fill();
    const info = await scanCacheDir({ cacheDir });
    expect(info.warnings).toEqual([]);
    expect(info.repos.map((repo) => `${repo.repoType}/${repo.repoId}`)).toEqual(["dataset/alice/table", "model/alice/scanned"]);
    const repo = info.repos[1]!;
    // Four distinct blobs: .gitattributes and the shared file (used by both revisions), two configs.
    const attributes = await attributesSize();
    const sizes = attributes + Buffer.byteLength('{"v":1}') + Buffer.byteLength('{"v":2}') + shared.length;
    expect(repo).toMatchObject({ repoPath: storage(), fileCount: 4, sizeOnDisk: sizes, refs: { main: second, v1: first } });
    expect(repo.revisions.map((revision) => revision.commitHash)).toEqual([first, second].sort());
    const older = repo.revisions.find((revision) => revision.commitHash === first)!;
    expect(older.refs).toEqual(["v1"]);
    expect(older.sizeOnDisk).toBe(attributes + Buffer.byteLength('{"v":1}') + shared.length);
    expect(older.files.map((file) => file.filePath)).toEqual(
      [".gitattributes", "config.json", "data/shared.txt"].map((path) => join(older.snapshotPath, ...path.split("/"))),
    );
    expect(older.files[2]).toMatchObject({
      fileName: "shared.txt",
      blobPath: join(storage(), "blobs", gitSha1(shared)),
      sizeOnDisk: shared.length,
    });
    expect(repo.lastModified).toBeInstanceOf(Date);
    expect(repo.lastAccessed.getTime()).toBeGreaterThan(0);
    expect(info.sizeOnDisk).toBe(
      sizes + (await attributesSize(join(cacheDir, "datasets--alice--table"))) + Buffer.byteLength("a,b\n1,2\n"),
    );
  });

  it("works on the layout without symlinks (real files in snapshots)", async () => {
    await fill({ disableSymlinks: true });
    const info = await scanCacheDir({ cacheDir });
    expect(info.warnings).toEqual([]);
    const repo = info.repos.find((candidate) => candidate.repoId === repoId)!;
    // Each snapshot holds its own copy of the shared files: six files on disk.
    expect(repo.fileCount).toBe(6);
    expect(repo.sizeOnDisk).toBe(
      2 * (await attributesSize()) + Buffer.byteLength('{"v":1}') + Buffer.byteLength('{"v":2}') + 2 * shared.length,
    );
    for (const revision of repo.revisions) for (const file of revision.files) expect(file.blobPath).toBe(file.filePath);
  });

  it("reports what does not follow the layout instead of failing, and never follows a link outside the repo", async () => {
    await fill();
    await mkdir(join(cacheDir, "not-a-repo"));
    await writeFile(join(cacheDir, "stray.txt"), "x");
    const outside = join(cacheDir, "models--alice--evil", "snapshots", "a".repeat(40));
    await mkdir(outside, { recursive: true });
    await symlink("/etc/hostname", join(outside, "secret"));
    const info = await scanCacheDir({ cacheDir });
    expect(info.repos.map((repo) => repo.repoId)).toEqual(["alice/table", "alice/scanned"]);
    expect(info.warnings).toHaveLength(3);
    expect(info.warnings.join("\n")).toMatch(/links outside its repository folder/);
  });

  it("a missing cache folder is a CacheNotFoundError; folder names parse as Python names them", async () => {
    await expect(scanCacheDir({ cacheDir: join(cacheDir, "nope") })).rejects.toBeInstanceOf(CacheNotFoundError);
    expect(parseRepoFolderName("models--gpt2")).toEqual({ repoType: "model", repoId: "gpt2" });
    expect(parseRepoFolderName("datasets--acme--rows")).toEqual({ repoType: "dataset", repoId: "acme/rows" });
    expect(parseRepoFolderName("widgets--a--b")).toBeUndefined();
    expect(parseRepoFolderName("models--a--b--c")).toBeUndefined();
  });
});

describe("deleteCacheRevisions", () => {
  it("deletes one revision with its refs and the blobs only it used; keeps shared blobs; a dry run deletes nothing", async () => {
    await fill();
    const dry = await deleteCacheRevisions({ cacheDir, revisions: [first], dryRun: true });
    expect(dry).toMatchObject({
      deleted: false,
      repos: [],
      snapshots: [join(storage(), "snapshots", first)],
      refs: [join(storage(), "refs", "v1")],
      blobs: [join(storage(), "blobs", gitSha1('{"v":1}'))],
      expectedFreedSize: Buffer.byteLength('{"v":1}'),
      notFound: [],
    });
    expect((await scanCacheDir({ cacheDir })).repos[1]!.revisions).toHaveLength(2);

    const done = await deleteCacheRevisions({ cacheDir, revisions: [first, "f".repeat(40)] });
    expect(done).toMatchObject({ deleted: true, notFound: ["f".repeat(40)], expectedFreedSize: Buffer.byteLength('{"v":1}') });
    const after = (await scanCacheDir({ cacheDir })).repos.find((repo) => repo.repoId === repoId)!;
    expect(after.revisions.map((revision) => revision.commitHash)).toEqual([second]);
    expect(after.refs).toEqual({ main: second });
    const blobs = await readdir(join(storage(), "blobs"));
    expect(blobs).toHaveLength(3);
    expect(blobs).toEqual(expect.arrayContaining([gitSha1('{"v":2}'), gitSha1(shared)]));
    expect(blobs).not.toContain(gitSha1('{"v":1}'));
  });

  it("deleting every revision of a repo, or the repo itself, removes its folder", async () => {
    await fill();
    const all = await deleteCacheRevisions({ cacheDir, revisions: [first, second] });
    expect(all.repos).toEqual([storage()]);
    await expect(stat(storage())).rejects.toMatchObject({ code: "ENOENT" });
    const tableSize = (await attributesSize(join(cacheDir, "datasets--alice--table"))) + Buffer.byteLength("a,b\n1,2\n");
    const table = await deleteCacheRevisions({
      cacheDir,
      repos: [{ repoId: "alice/table", repoType: "dataset" }, { repoId: "alice/absent" }],
    });
    expect(table).toMatchObject({
      repos: [join(cacheDir, "datasets--alice--table")],
      notFound: ["model/alice/absent"],
      expectedFreedSize: tableSize,
    });
    expect((await scanCacheDir({ cacheDir })).repos).toEqual([]);
  });

  it("without symlinks, a revision's files go with its snapshot and count as freed", async () => {
    await fill({ disableSymlinks: true });
    const attributes = await attributesSize();
    const done = await deleteCacheRevisions({ cacheDir, revisions: [first] });
    expect(done.blobs).toEqual([]);
    expect(done.expectedFreedSize).toBe(attributes + Buffer.byteLength('{"v":1}') + shared.length);
    await expect(stat(join(storage(), "snapshots", first))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await stat(join(storage(), "snapshots", second, "data", "shared.txt"))).size).toBe(shared.length);
  });

  it("a revision that is not a commit id is refused before anything is deleted", async () => {
    await fill();
    await expect(deleteCacheRevisions({ cacheDir, revisions: ["main"] })).rejects.toBeInstanceOf(HubValidationError);
    expect((await scanCacheDir({ cacheDir })).repos).toHaveLength(2);
  });
});
