import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliFixture, commitFiles, startCliFixture } from "./helpers.ts";

let fixture: CliFixture;
let asAlice: { env: NodeJS.ProcessEnv };
let older: string;
let newer: string;
const hubCache = () => join(fixture.env.HF_HOME!, "hub");
const storage = () => join(hubCache(), "models--alice--cached");

beforeAll(async () => {
  fixture = await startCliFixture();
  asAlice = { env: { HF_TOKEN: fixture.server.tokens.alice } };
  await fixture.hub(["repo", "create", "alice/cached"], asAlice);
  await commitFiles(fixture, fixture.server.tokens.alice, "alice/cached", { "config.json": '{"v":1}', "notes.txt": "shared notes\n" });
  older = (await fixture.json(["repo", "info", "alice/cached"], asAlice)).sha;
  await commitFiles(fixture, fixture.server.tokens.alice, "alice/cached", { "config.json": '{"v":2}' });
  newer = (await fixture.json(["repo", "info", "alice/cached"], asAlice)).sha;
});
afterAll(async () => fixture?.close());

async function fillCache(env: NodeJS.ProcessEnv = {}): Promise<void> {
  for (const args of [
    ["download", "alice/cached", "--revision", older],
    ["download", "alice/cached"],
  ]) {
    const run = await fixture.hub([...args, "--quiet"], { env });
    expect(run.code, run.stderr).toBe(0);
  }
}

describe("hub cache scan", () => {
  it("lists what downloads put in the cache: a table, and --json with revisions and files", async () => {
    await fillCache();
    const scan = await fixture.json(["cache", "scan"]);
    expect(scan.warnings).toEqual([]);
    expect(scan.repos).toHaveLength(1);
    const repo = scan.repos[0];
    expect(repo).toMatchObject({ repoId: "alice/cached", repoType: "model", repoPath: storage(), refs: { main: newer } });
    expect(repo.revisions.map((revision: { commitHash: string }) => revision.commitHash).sort()).toEqual([older, newer].sort());
    // .gitattributes and notes.txt are shared by both revisions; two configs: four blobs.
    expect(repo.fileCount).toBe(4);
    expect(repo.sizeOnDisk).toBe(scan.sizeOnDisk);
    expect(new Date(repo.lastModified).getTime()).toBeGreaterThan(0);

    const table = await fixture.hub(["cache", "scan"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^REPO ID\s+REPO TYPE\s+SIZE ON DISK\s+FILES\s+LAST ACCESSED\s+LAST MODIFIED\s+REFS\s+LOCAL PATH$/);
    expect(lines[1]).toMatch(
      new RegExp(
        `^alice/cached\\s+model\\s+[\\d.]+ k?B\\s+4\\s+(just now|\\d+ minutes? ago)\\s+.*\\s+main\\s+${storage().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
      ),
    );
    expect(table.stdout).toMatch(/^1 repo\(s\), [\d.]+ k?B on disk in /m);
    const verbose = await fixture.hub(["cache", "scan", "-v"]);
    expect(verbose.stdout).toContain(older);
    expect(verbose.stdout).toContain(newer);
  });

  it("scans the layout without symlinks too (HF_HUB_DISABLE_SYMLINKS downloads)", async () => {
    const cacheDir = join(fixture.home, "no-links");
    const env = { HF_HUB_CACHE: cacheDir, HF_HUB_DISABLE_SYMLINKS: "1" };
    await fillCache(env);
    const scan = await fixture.json(["cache", "scan"], { env });
    const repo = scan.repos[0];
    // Every snapshot has its own real copy of each file: 3 + 3 files.
    expect(repo.fileCount).toBe(6);
    for (const revision of repo.revisions) for (const file of revision.files) expect(file.blobPath).toBe(file.filePath);
  });

  it("a cache folder that does not exist is exit 1 with a clear message", async () => {
    const run = await fixture.hub(["cache", "scan", "--cache-dir", join(fixture.home, "nowhere")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Error: Cache folder not found: .*nowhere\. Nothing is cached there yet/);
  });
});

describe("hub cache delete", () => {
  it("--dry-run shows what would go; without a terminal it needs --yes; a revision frees only its own blobs", async () => {
    await fillCache();
    const dry = await fixture.hub(["cache", "delete", older, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^Will delete 1 revision\(s\), freeing 7 B:\n {2}revision {2}.*snapshots\/[0-9a-f]{40}\nDry run: nothing deleted\.\n$/,
    );
    expect(await readdir(join(storage(), "snapshots"))).toHaveLength(2);

    const refused = await fixture.hub(["cache", "delete", older]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("Nothing deleted: no terminal to confirm on; pass --yes to confirm.");
    expect(await readdir(join(storage(), "snapshots"))).toHaveLength(2);

    const done = await fixture.json(["cache", "delete", older, "--yes"]);
    expect(done).toMatchObject({ deleted: true, expectedFreedSize: 7, repos: [], snapshots: [join(storage(), "snapshots", older)] });
    expect(await readdir(join(storage(), "snapshots"))).toEqual([newer]);
    expect(await readdir(join(storage(), "blobs"))).toHaveLength(3);
    expect((await fixture.hub(["download", "alice/cached", "config.json", "--offline", "--quiet"])).code).toBe(0);
  });

  it("deletes a whole repo by id; unknown targets are named; nothing to delete is exit 1", async () => {
    await fillCache();
    const run = await fixture.hub(["cache", "delete", "model/alice/cached", "alice/absent", "-y"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Not in the cache: model/alice/absent");
    expect(run.stdout).toMatch(/^Deleted 1 repo\(s\): freed [\d.]+ k?B\.\n$/);
    await expect(stat(storage())).rejects.toMatchObject({ code: "ENOENT" });
    const nothing = await fixture.hub(["cache", "delete", "alice/cached", "-y"]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Nothing to delete");
    expect((await fixture.hub(["cache", "delete", "a/b/c/d", "-y"])).code).toBe(1);
  });
});
