import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeRegularBlobSync, writeCommit } from "../src/storage/commit-writer.ts";
import { findRepo } from "../src/storage/repos.ts";
import { startHarness, type Harness } from "./helpers.ts";

let hub: Harness;
beforeAll(async () => {
  hub = await startHarness();
});
afterAll(async () => {
  await hub.close();
});

type Json = Record<string, any>;

async function call(path: string, init: { method?: string; token?: string; json?: unknown } = {}): Promise<{ status: number; body: Json }> {
  const response = await hub.request(path, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/** Writes a commit through the storage layer (the HTTP commit route belongs to another module). */
function commitFiles(
  repoId: string,
  ref: string,
  files: Record<string, string>,
  author = "alice",
): { commitOid: string; pullRequestNum?: number } {
  const { db, blobs } = hub.server.context;
  const repo = findRepo(db, "model", repoId)!;
  const account = db.prepare("SELECT id FROM accounts WHERE name = ?").get(author) as { id: number };
  return writeCommit(db, blobs, {
    repo,
    targetRef: ref,
    author: { id: account.id, name: author },
    title: `Update ${Object.keys(files).join(", ")}`,
    description: "",
    operations: Object.entries(files).map(([path, content]) => ({
      kind: "file" as const,
      path,
      blob: storeRegularBlobSync(db, blobs, Buffer.from(content)),
    })),
  });
}

describe("discussions", () => {
  it("shares one number sequence, pages by 50 newest first, and filters", async () => {
    await hub.createRepo("alice/paged");
    for (let index = 1; index <= 52; index++) {
      const token = index % 2 === 0 ? hub.tokens.bob : hub.tokens.alice;
      const created = await call("/api/models/alice/paged/discussions", {
        method: "POST",
        token,
        json: { title: `Topic ${index}`, description: "d", pullRequest: index === 52 },
      });
      expect(created.body.num).toBe(index);
    }
    const first = await call("/api/models/alice/paged/discussions?p=0");
    expect(first.body.count).toBe(52);
    expect(first.body.start).toBe(0);
    expect(first.body.discussions).toHaveLength(50);
    expect(first.body.discussions[0]).toMatchObject({
      num: 52,
      isPullRequest: true,
      status: "draft",
      repo: { name: "alice/paged", type: "model" },
      author: { name: "bob" },
    });
    const second = await call("/api/models/alice/paged/discussions?p=1");
    expect(second.body).toMatchObject({ count: 52, start: 50 });
    expect(second.body.discussions.map((item: Json) => item.num)).toEqual([2, 1]);
    const pullRequests = await call("/api/models/alice/paged/discussions?type=pull_request&status=open");
    expect(pullRequests.body.discussions.map((item: Json) => item.num)).toEqual([52]);
    const byAlice = await call("/api/models/alice/paged/discussions?author=alice&type=discussion");
    expect(byAlice.body.count).toBe(26);
    expect((await call("/api/models/alice/paged/discussions?type=prs")).status).toBe(400);
  });

  it("creates a draft PR owning refs/pr/N at the base head; comment, edit, hide, rename, status", async () => {
    await hub.createRepo("alice/flow");
    const created = await call("/api/models/alice/flow/discussions", {
      method: "POST",
      token: hub.tokens.bob,
      json: { title: "  Fix typo  ", description: "Please", pullRequest: true },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      num: 1,
      title: "Fix typo",
      status: "draft",
      changes: { base: "refs/heads/main" },
      filesWithConflicts: [],
    });
    const info = await call(`/api/models/alice/flow/revision/${encodeURIComponent("refs/pr/1")}`);
    const main = await call("/api/models/alice/flow/revision/main");
    expect(info.body.sha).toBe(main.body.sha);

    const comment = await call("/api/models/alice/flow/discussions/1/comment", {
      method: "POST",
      token: hub.tokens.carol,
      json: { comment: "a <b>comment</b>" },
    });
    expect(comment.body.newMessage).toMatchObject({
      type: "comment",
      author: { name: "carol" },
      data: { hidden: false, latest: { raw: "a <b>comment</b>", html: "<p>a &lt;b&gt;comment&lt;/b&gt;</p>" } },
    });
    const commentId = comment.body.newMessage.id as string;
    expect(
      (
        await call(`/api/models/alice/flow/discussions/1/comment/${commentId}/edit`, {
          method: "POST",
          token: hub.tokens.bob,
          json: { content: "x" },
        })
      ).status,
    ).toBe(403);
    const edited = await call(`/api/models/alice/flow/discussions/1/comment/${commentId.toUpperCase()}/edit`, {
      method: "POST",
      token: hub.tokens.carol,
      json: { content: "v2" },
    });
    expect(edited.body.updatedComment.data).toMatchObject({ edited: true, latest: { raw: "v2" }, history: [{ raw: "a <b>comment</b>" }] });
    expect(
      (await call(`/api/models/alice/flow/discussions/1/comment/${commentId}/hide`, { method: "POST", token: hub.tokens.carol })).status,
    ).toBe(403);
    const hidden = await hub.request(`/api/models/alice/flow/discussions/1/comment/${commentId}/hide`, {
      method: "POST",
      token: hub.tokens.alice,
    });
    expect(hidden.headers.get("content-type")).toContain("application/json");
    expect((await hidden.json()).updatedComment.data).toMatchObject({ hidden: true, latest: { raw: "" }, history: [] });

    expect(
      (await call("/api/models/alice/flow/discussions/1/title", { method: "POST", token: hub.tokens.carol, json: { title: "Nope" } }))
        .status,
    ).toBe(403);
    expect(
      (await call("/api/models/alice/flow/discussions/1/title", { method: "POST", token: hub.tokens.bob, json: { title: "ab" } })).status,
    ).toBe(400);
    const renamed = await call("/api/models/alice/flow/discussions/1/title", {
      method: "POST",
      token: hub.tokens.bob,
      json: { title: "Fix the typo" },
    });
    expect(renamed.body.newTitle).toMatchObject({ type: "title-change", data: { from: "Fix typo", to: "Fix the typo" } });
    const opened = await call("/api/models/alice/flow/discussions/1/status", {
      method: "POST",
      token: hub.tokens.bob,
      json: { status: "open", comment: "ready" },
    });
    expect(opened.body.newStatus).toMatchObject({ type: "status-change", data: { status: "open" } });
    expect(
      (await call("/api/models/alice/flow/discussions/1/status", { method: "POST", token: hub.tokens.bob, json: { status: "merged" } }))
        .status,
    ).toBe(400);

    const details = await call("/api/models/alice/flow/discussions/1");
    expect(details.body.title).toBe("Fix the typo");
    expect(details.body.status).toBe("open");
    expect(details.body.events.map((event: Json) => event.type)).toEqual([
      "comment",
      "comment",
      "title-change",
      "comment",
      "status-change",
    ]);
    expect(details.body.events[1].data.latest.raw).toBe("");
  });

  it("records commits to refs/pr/N, diffs, merges into main, and refuses commits afterwards", async () => {
    await hub.createRepo("alice/merge");
    commitFiles("alice/merge", "refs/heads/main", { "a.txt": "one\ntwo\nthree\n" });
    const created = await call("/api/models/alice/merge/discussions", {
      method: "POST",
      token: hub.tokens.alice,
      json: { title: "Change a", pullRequest: true },
    });
    const num = created.body.num as number;
    const pushed = commitFiles("alice/merge", `refs/pr/${num}`, { "a.txt": "one\n2\nthree\n", "b.txt": "new\n" });
    const details = await call(`/api/models/alice/merge/discussions/${num}?diff=1`);
    expect(details.body.events.at(-1)).toMatchObject({ type: "commit", data: { oid: pushed.commitOid } });
    expect(details.body.diff).toContain("diff --git a/a.txt b/a.txt\n");
    expect(details.body.diff).toContain("@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n");
    expect(details.body.diff).toContain("new file mode 100644");
    expect((await call(`/api/models/alice/merge/discussions/${num}/merge`, { method: "POST", token: hub.tokens.alice })).status).toBe(409);
    await call(`/api/models/alice/merge/discussions/${num}/status`, { method: "POST", token: hub.tokens.alice, json: { status: "open" } });
    expect((await call(`/api/models/alice/merge/discussions/${num}/merge`, { method: "POST", token: hub.tokens.carol })).status).toBe(403);

    commitFiles("alice/merge", "refs/heads/main", { "c.txt": "main side\n" });
    const merged = await call(`/api/models/alice/merge/discussions/${num}/merge`, { method: "POST", token: hub.tokens.alice });
    expect(merged.status).toBe(200);
    expect(merged.body.newStatus).toMatchObject({ type: "status-change", data: { status: "merged" } });
    const file = await hub.request("/alice/merge/resolve/main/a.txt");
    expect(await file.text()).toBe("one\n2\nthree\n");
    expect(await (await hub.request("/alice/merge/resolve/main/c.txt")).text()).toBe("main side\n");
    const after = await call(`/api/models/alice/merge/discussions/${num}?diff=1`);
    expect(after.body).toMatchObject({ status: "merged", changes: { base: "refs/heads/main", mergeCommitId: merged.body.mergeCommitId } });
    expect(after.body.diff).toContain("+2\n");
    expect(() => commitFiles("alice/merge", `refs/pr/${num}`, { "d.txt": "late\n" })).toThrow(/merged/);
    expect(
      (
        await call(`/api/models/alice/merge/discussions/${num}/status`, {
          method: "POST",
          token: hub.tokens.alice,
          json: { status: "open" },
        })
      ).status,
    ).toBe(409);
  });

  it("answers 409 with the conflicting files when both sides changed a file", async () => {
    await hub.createRepo("alice/conflict");
    commitFiles("alice/conflict", "refs/heads/main", { "a.txt": "base\n" });
    const { body } = await call("/api/models/alice/conflict/discussions", {
      method: "POST",
      token: hub.tokens.alice,
      json: { title: "Edit a", pullRequest: true },
    });
    commitFiles("alice/conflict", `refs/pr/${body.num}`, { "a.txt": "pr\n" });
    commitFiles("alice/conflict", "refs/heads/main", { "a.txt": "main\n" });
    await call(`/api/models/alice/conflict/discussions/${body.num}/status`, {
      method: "POST",
      token: hub.tokens.alice,
      json: { status: "open" },
    });
    expect((await call(`/api/models/alice/conflict/discussions/${body.num}`)).body.filesWithConflicts).toEqual(["a.txt"]);
    const merge = await call(`/api/models/alice/conflict/discussions/${body.num}/merge`, {
      method: "POST",
      token: hub.tokens.alice,
      json: { comment: "try" },
    });
    expect(merge.status).toBe(409);
    expect(merge.body.filesWithConflicts).toEqual(["a.txt"]);
    const details = await call(`/api/models/alice/conflict/discussions/${body.num}`);
    expect(details.body.status).toBe("open");
    expect(details.body.events.filter((event: Json) => event.type === "comment")).toHaveLength(1);
  });

  it("merges a pull request that deletes a file", async () => {
    await hub.createRepo("alice/delete");
    commitFiles("alice/delete", "refs/heads/main", { "old.txt": "bye\n", "keep.txt": "stay\n" });
    const { body } = await call("/api/models/alice/delete/discussions", {
      method: "POST",
      token: hub.tokens.alice,
      json: { title: "Remove old", pullRequest: true },
    });
    const { db, blobs } = hub.server.context;
    const repo = findRepo(db, "model", "alice/delete")!;
    writeCommit(db, blobs, {
      repo,
      targetRef: `refs/pr/${body.num}`,
      author: { id: null, name: "alice" },
      title: "Delete old.txt",
      description: "",
      operations: [{ kind: "deleteFile", path: "old.txt" }],
    });
    const details = await call(`/api/models/alice/delete/discussions/${body.num}?diff=1`);
    expect(details.body.diff).toContain("deleted file mode 100644");
    expect(details.body.diff).toContain("-bye\n");
    await call(`/api/models/alice/delete/discussions/${body.num}/status`, {
      method: "POST",
      token: hub.tokens.alice,
      json: { status: "open" },
    });
    expect((await call(`/api/models/alice/delete/discussions/${body.num}/merge`, { method: "POST", token: hub.tokens.alice })).status).toBe(
      200,
    );
    expect((await hub.request("/alice/delete/resolve/main/old.txt")).status).toBe(404);
    expect(await (await hub.request("/alice/delete/resolve/main/keep.txt")).text()).toBe("stay\n");
  });

  it("keeps private repos hidden and needs a write token", async () => {
    await hub.createRepo("alice/secret", { private: true });
    expect((await call("/api/models/alice/secret/discussions", { token: hub.tokens.carol })).status).toBe(404);
    expect(
      (await call("/api/models/alice/secret/discussions", { method: "POST", token: hub.tokens.carol, json: { title: "Hello" } })).status,
    ).toBe(404);
    expect((await call("/api/models/alice/secret/discussions", { method: "POST", json: { title: "Hello" } })).status).toBe(401);
    expect(
      (await call("/api/models/alice/secret/discussions", { method: "POST", token: hub.tokens.aliceRead, json: { title: "Hello" } }))
        .status,
    ).toBe(403);
    expect(
      (await call("/api/models/alice/secret/discussions", { method: "POST", token: hub.tokens.alice, json: { title: "Hello" } })).status,
    ).toBe(200);
    expect((await call("/api/models/alice/secret/discussions/9")).status).toBe(401);
    expect((await call("/api/models/alice/secret/discussions/9", { token: hub.tokens.alice })).status).toBe(404);
  });
});
