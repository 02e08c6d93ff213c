import { CommitConflictError, HubHttpError, type RepoType } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeDiscussionStatus,
  commentDiscussion,
  createPullRequest,
  DEFAULT_PULL_REQUEST_DESCRIPTION,
  getDiscussionDetails,
  mergePullRequest,
  renameDiscussion,
} from "../src/index.ts";
import { createRepo, rawCommit, rejection, revisionSha } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Every byte value, twice, plus a NUL-free tail: binary content that must survive the round trip. */
const WEIGHTS = new Uint8Array([...Array.from({ length: 512 }, (_, index) => index % 256), 10, 13, 0xff]);

describe.each<RepoType>(["model", "dataset", "space"])("pull request story on a %s", (repoType) => {
  it("opens a PR by commit, pushes to refs/pr/N, comments, renames, merges, and main has the bytes", async () => {
    const repoId = `acme/story-${repoType}`;
    const options = { repoId, repoType, hubUrl: server.url };
    await createRepo(server.url, server.tokens.alice, repoId, repoType);
    await rawCommit(server.url, server.tokens.alice, { repoId, repoType }, "Add readme", [{ path: "README.md", content: "# Story\n" }]);

    // carol is not a member of acme: a PR is how she contributes.
    const opened = await rawCommit(server.url, server.tokens.carol, { repoId, repoType, createPr: true }, "Add weights", [
      { path: "weights.bin", content: WEIGHTS },
    ]);
    expect(opened.status).toBe(200);
    const num = Number(/\/discussions\/(\d+)$/.exec(opened.body.pullRequestUrl ?? "")?.[1]);
    expect(num).toBe(1);
    const second = await rawCommit(server.url, server.tokens.carol, { repoId, repoType, revision: `refs/pr/${num}` }, "Add config", [
      { path: "config.json", content: '{"a":1}\n' },
    ]);
    expect(second.status).toBe(200);

    const details = await getDiscussionDetails({ ...options, accessToken: server.tokens.carol, discussionNum: num });
    expect(details).toMatchObject({
      num,
      isPullRequest: true,
      status: "open",
      author: "carol",
      gitReference: `refs/pr/${num}`,
      targetBranch: "refs/heads/main",
      conflictingFiles: [],
    });
    expect(details.events.filter((event) => event.type === "commit").map((event) => event.type === "commit" && event.oid)).toEqual([
      opened.body.commitOid,
      second.body.commitOid,
    ]);
    expect(details.diff).toContain("diff --git a/config.json b/config.json\nnew file mode 100644");
    expect(details.diff).toContain('+{"a":1}');
    expect(details.diff).toContain("Binary files /dev/null and b/weights.bin differ");

    await commentDiscussion({ ...options, accessToken: server.tokens.bob, discussionNum: num, comment: "Looks good" });
    await renameDiscussion({ ...options, accessToken: server.tokens.carol, discussionNum: num, newTitle: "Add weights and config" });
    expect(
      ((await rejection(mergePullRequest({ ...options, accessToken: server.tokens.carol, discussionNum: num }))) as HubHttpError).status,
    ).toBe(403);

    const merged = await mergePullRequest({ ...options, accessToken: server.tokens.bob, discussionNum: num, comment: "Thanks!" });
    expect(merged).toMatchObject({ type: "status-change", newStatus: "merged", author: "bob" });
    const after = await getDiscussionDetails({ ...options, discussionNum: num });
    expect(after.status).toBe("merged");
    expect(after.title).toBe("Add weights and config");
    expect(after.mergeCommitOid).toBe(await revisionSha(server.url, repoId, "main", repoType));
    expect(after.events.slice(-2).map((event) => event.type)).toEqual(["comment", "status-change"]);

    const prefix = repoType === "model" ? "" : `${repoType}s/`;
    const download = await fetch(`${server.url}/${prefix}${repoId}/resolve/main/weights.bin`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(WEIGHTS);
    expect(await (await fetch(`${server.url}/${prefix}${repoId}/resolve/main/config.json`)).text()).toBe('{"a":1}\n');

    const late = await rawCommit(server.url, server.tokens.carol, { repoId, repoType, revision: `refs/pr/${num}` }, "Too late", [
      { path: "late.txt", content: "x" },
    ]);
    expect(late.status).toBe(409);
    expect(
      await rejection(changeDiscussionStatus({ ...options, accessToken: server.tokens.alice, discussionNum: num, newStatus: "open" })),
    ).toBeInstanceOf(CommitConflictError);
  });
});

describe("draft and conflicting pull requests", () => {
  it("creates a draft PR at the base head, refuses to merge it until published", async () => {
    const repoId = "alice/drafts";
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    await createRepo(server.url, server.tokens.alice, repoId);
    const draft = await createPullRequest({ ...options, title: "Draft work" });
    expect(draft).toMatchObject({ status: "draft", isPullRequest: true, targetBranch: "refs/heads/main", diff: "" });
    expect(draft.events[0]).toMatchObject({ type: "comment", content: DEFAULT_PULL_REQUEST_DESCRIPTION });
    expect(await revisionSha(server.url, repoId, `refs/pr/${draft.num}`)).toBe(await revisionSha(server.url, repoId, "main"));
    expect(await rejection(mergePullRequest({ ...options, discussionNum: draft.num }))).toBeInstanceOf(CommitConflictError);
    await rawCommit(server.url, server.tokens.alice, { repoId, revision: `refs/pr/${draft.num}` }, "Work", [
      { path: "work.txt", content: "done\n" },
    ]);
    await changeDiscussionStatus({ ...options, discussionNum: draft.num, newStatus: "open" });
    await mergePullRequest({ ...options, discussionNum: draft.num });
    expect(await (await fetch(`${server.url}/${repoId}/resolve/main/work.txt`)).text()).toBe("done\n");
  });

  it("reports conflicting files and answers 409 on merge", async () => {
    const repoId = "alice/conflicts";
    const options = { repoId, hubUrl: server.url, accessToken: server.tokens.alice };
    await createRepo(server.url, server.tokens.alice, repoId);
    await rawCommit(server.url, server.tokens.alice, { repoId }, "Base", [{ path: "a.txt", content: "base\n" }]);
    const opened = await rawCommit(server.url, server.tokens.bob, { repoId, createPr: true }, "PR side", [
      { path: "a.txt", content: "pr\n" },
    ]);
    const num = Number(/(\d+)$/.exec(opened.body.pullRequestUrl ?? "")?.[1]);
    await rawCommit(server.url, server.tokens.alice, { repoId }, "Main side", [{ path: "a.txt", content: "main\n" }]);
    const details = await getDiscussionDetails({ ...options, discussionNum: num });
    expect(details.conflictingFiles).toEqual(["a.txt"]);
    const error = await rejection(mergePullRequest({ ...options, discussionNum: num }));
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as CommitConflictError).status).toBe(409);
    expect(await (await fetch(`${server.url}/${repoId}/resolve/main/a.txt`)).text()).toBe("main\n");
  });
});
