import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { file, header, lfsFile, startHarness, uploadLfsObject, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
  await hub.createRepo("alice/pipeline");
});
afterAll(async () => {
  await hub.close();
});

async function head(repo: string, revision = "main"): Promise<string> {
  return (await (await hub.request(`/api/models/${repo}/revision/${encodeURIComponent(revision)}`, { token: hub.tokens.alice })).json())
    .sha;
}

async function text(repo: string, path: string, revision = "main"): Promise<Response> {
  return hub.request(`/${repo}/resolve/${encodeURIComponent(revision)}/${path}`, { token: hub.tokens.alice });
}

describe("preupload", () => {
  it("decides lfs vs regular from .gitattributes, size and NUL bytes, and reports existing oids", async () => {
    const commit = await hub.commit("alice/pipeline", [header("add"), file("notes.txt", "hello"), file(".gitignore", "*.log\nbuild/\n")]);
    expect(commit.status).toBe(200);
    const response = await hub.request("/api/models/alice/pipeline/preupload/main", {
      method: "POST",
      token: hub.tokens.alice,
      json: {
        files: [
          { path: "model.safetensors", size: 10, sample: Buffer.from("abc").toString("base64") },
          { path: "big.txt", size: 11 * 1024 * 1024, sample: Buffer.from("text").toString("base64") },
          { path: "binary.dat", size: 4, sample: Buffer.from([1, 0, 2, 3]).toString("base64") },
          { path: "notes.txt", size: 5, sample: Buffer.from("hello").toString("base64") },
          { path: "debug.log", size: 1, sample: "" },
          { path: "build/out.js", size: 1, sample: "" },
        ],
      },
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.commitOid).toBe(await head("alice/pipeline"));
    const byPath = Object.fromEntries(body.files.map((entry: { path: string }) => [entry.path, entry]));
    expect(byPath["model.safetensors"]).toMatchObject({ uploadMode: "lfs", shouldIgnore: false });
    expect(byPath["big.txt"].uploadMode).toBe("lfs");
    expect(byPath["binary.dat"].uploadMode).toBe("lfs");
    expect(byPath["notes.txt"]).toMatchObject({ uploadMode: "regular", oid: "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0" });
    expect(byPath["debug.log"].shouldIgnore).toBe(true);
    expect(byPath["build/out.js"].shouldIgnore).toBe(true);
  });

  it("uses gitIgnore sent in the body (a .gitignore added by the same commit) instead of the revision's", async () => {
    const ask = async (json: Record<string, unknown>) => {
      const response = await hub.request("/api/models/alice/pipeline/preupload/main", { method: "POST", token: hub.tokens.alice, json });
      expect(response.status).toBe(200);
      return Object.fromEntries(
        (await response.json()).files.map((entry: { path: string; shouldIgnore: boolean }) => [entry.path, entry.shouldIgnore]),
      );
    };
    const files = [
      { path: "debug.log", size: 1, sample: "" },
      { path: "data/cache.tmp", size: 1, sample: "" },
      { path: "keep.txt", size: 1, sample: "" },
    ];
    expect(await ask({ files })).toEqual({ "debug.log": true, "data/cache.tmp": false, "keep.txt": false });
    expect(await ask({ files, gitIgnore: "*.tmp\n" })).toEqual({ "debug.log": false, "data/cache.tmp": true, "keep.txt": false });
    expect(await ask({ files, gitIgnore: "" })).toEqual({ "debug.log": false, "data/cache.tmp": false, "keep.txt": false });
  });

  it("uses gitAttributes sent in the body and 404s a missing repo", async () => {
    const response = await hub.request("/api/models/alice/pipeline/preupload/main", {
      method: "POST",
      token: hub.tokens.alice,
      json: {
        gitAttributes: "*.png filter=lfs diff=lfs merge=lfs -text\n",
        files: [
          { path: "a.png", size: 3, sample: "" },
          { path: "b.bin", size: 3, sample: "" },
        ],
      },
    });
    const files = (await response.json()).files;
    expect(files.map((entry: { uploadMode: string }) => entry.uploadMode)).toEqual(["lfs", "regular"]);
    const missing = await hub.request("/api/models/alice/nothing/preupload/main", {
      method: "POST",
      token: hub.tokens.alice,
      json: { files: [] },
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("RepoNotFound");
  });
});

describe("NDJSON commit", () => {
  it("commits files and LFS files and tracks new LFS paths in .gitattributes", async () => {
    const bytes = Buffer.from("weights that are not covered by any pattern");
    const oid = await uploadLfsObject(hub, "alice/pipeline", bytes);
    const response = await hub.commit("alice/pipeline", [
      header("lfs", { description: "body" }),
      lfsFile("data/my weights.custom", oid, bytes.byteLength),
      file("data/readme.md", "x"),
    ]);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      success: true,
      commitOid: expect.stringMatching(/^[0-9a-f]{40}$/),
      commitUrl: `${hub.url}/alice/pipeline/commit/${body.commitOid}`,
      hookOutput: "",
    });
    const attributes = await (await text("alice/pipeline", ".gitattributes")).text();
    expect(attributes).toContain("data/my[[:space:]]weights.custom filter=lfs diff=lfs merge=lfs -text");
    const resolved = await text("alice/pipeline", "data/my%20weights.custom");
    expect(resolved.headers.get("etag")).toBe(`"${oid}"`);
    expect(resolved.headers.get("x-linked-etag")).toBe(`"${oid}"`);
    expect(Buffer.from(await resolved.arrayBuffer()).equals(bytes)).toBe(true);
    const raw = await hub.request(`/alice/pipeline/raw/main/data/my%20weights.custom`, { token: hub.tokens.alice });
    expect(await raw.text()).toBe(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${bytes.byteLength}\n`);
  });

  it("rejects a stale parentCommit with 412 and accepts the current one", async () => {
    const before = await head("alice/pipeline");
    await hub.commit("alice/pipeline", [header("move on"), file("step.txt", "1")]);
    const stale = await hub.commit("alice/pipeline", [header("stale", { parentCommit: before }), file("step.txt", "2")]);
    expect(stale.status).toBe(412);
    expect((await stale.json()).error).toBe("A commit has happened since. Please refresh and try again.");
    expect(await (await text("alice/pipeline", "step.txt")).text()).toBe("1");
    const fresh = await hub.commit("alice/pipeline", [
      header("fresh", { parentCommit: await head("alice/pipeline") }),
      file("step.txt", "3"),
    ]);
    expect(fresh.status).toBe(200);
  });

  it("deletes files and folders; a missing file is 404 EntryNotFound and changes nothing", async () => {
    await hub.commit("alice/pipeline", [header("folder"), file("old/a.txt", "a"), file("old/sub/b.txt", "b"), file("gone.txt", "g")]);
    const before = await head("alice/pipeline");
    const missing = await hub.commit("alice/pipeline", [
      header("oops"),
      { key: "deletedFile", value: { path: "gone.txt" } },
      { key: "deletedFile", value: { path: "absent.txt" } },
    ]);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-error-code")).toBe("EntryNotFound");
    expect(await head("alice/pipeline")).toBe(before);
    expect((await text("alice/pipeline", "gone.txt")).status).toBe(200);
    const ok = await hub.commit("alice/pipeline", [
      header("clean"),
      { key: "deletedFile", value: { path: "gone.txt" } },
      { key: "deletedFolder", value: { path: "old/" } },
    ]);
    expect(ok.status).toBe(200);
    expect((await text("alice/pipeline", "gone.txt")).status).toBe(404);
    expect((await hub.request("/api/models/alice/pipeline/tree/main/old", { token: hub.tokens.alice })).status).toBe(404);
  });

  it("opens a pull request with create_pr=1 and accepts commits to refs/pr/N", async () => {
    const mainBefore = await head("alice/pipeline");
    const response = await hub.commit("alice/pipeline", [header("Proposal"), file("proposal.md", "p")], {
      token: hub.tokens.carol,
      query: "?create_pr=1",
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.pullRequestUrl).toMatch(new RegExp(`^${hub.url}/alice/pipeline/discussions/\\d+$`));
    const num = Number(body.pullRequestUrl.split("/").pop());
    expect(await head("alice/pipeline")).toBe(mainBefore);
    expect((await text("alice/pipeline", "proposal.md", `refs/pr/${num}`)).status).toBe(200);
    const refs = await (await hub.request("/api/models/alice/pipeline/refs?include_prs=1")).json();
    expect(refs.pullRequests).toEqual([{ name: "Proposal", ref: `refs/pr/${num}`, targetCommit: body.commitOid }]);
    const second = await hub.commit("alice/pipeline", [header("More"), file("more.md", "m")], { revision: `refs/pr/${num}` });
    expect(second.status).toBe(200);
    expect((await text("alice/pipeline", "more.md", `refs/pr/${num}`)).status).toBe(200);
    const next = await hub.commit("alice/pipeline", [header("Another")], { query: "?create_pr=1" });
    expect((await next.json()).pullRequestUrl).toMatch(new RegExp(`/discussions/${num + 1}$`));
  });

  it("needs write access without create_pr, and an existing LFS object", async () => {
    expect((await hub.commit("alice/pipeline", [header("x"), file("x.txt", "x")], { token: hub.tokens.carol })).status).toBe(403);
    expect((await hub.commit("alice/pipeline", [header("x"), file("x.txt", "x")], { token: hub.tokens.aliceRead })).status).toBe(403);
    const unknownLfs = await hub.commit("alice/pipeline", [header("x"), lfsFile("x.bin", "a".repeat(64), 3)]);
    expect(unknownLfs.status).toBe(400);
    const noHeader = await hub.commit("alice/pipeline", [file("x.txt", "x")]);
    expect(noHeader.status).toBe(400);
  });

  it.each([["../escape.txt"], ["/absolute.txt"], ["a\\b.txt"], ["a//b.txt"], ["a/./b.txt"], ["nul\u0000.txt"], [".git/config"], [""]])(
    "rejects the unsafe path %j with 400 and changes nothing",
    async (path) => {
      const before = await head("alice/pipeline");
      const response = await hub.commit("alice/pipeline", [
        header("bad"),
        file("fine.txt", "ok"),
        { key: "file", value: { path, encoding: "base64", content: "" } },
      ]);
      expect(response.status).toBe(400);
      expect(await head("alice/pipeline")).toBe(before);
      const deletion = await hub.commit("alice/pipeline", [header("bad"), { key: "deletedFile", value: { path } }]);
      expect(deletion.status).toBe(400);
    },
  );
});
