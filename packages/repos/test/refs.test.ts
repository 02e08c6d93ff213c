import { CommitConflictError, HubHttpError, HubValidationError, RevisionNotFoundError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBranch, createRepo, createTag, deleteBranch, deleteTag, listRepoCommits, listRepoRefs, repoInfo } from "../src/index.ts";
import { collect, putFiles } from "./helpers.ts";

let hub: TestServer;
let alice: { accessToken: string; hubUrl: string };
const repoId = "alice/refs";
let firstCommit: string;

beforeAll(async () => {
  hub = await startTestServer();
  alice = { accessToken: hub.tokens.alice, hubUrl: hub.url };
  await createRepo({ ...alice, repoId, repoType: "dataset" });
  firstCommit = (await repoInfo({ ...alice, repoId, repoType: "dataset" })).sha!;
  await putFiles(hub, repoId, { "a.txt": "one" }, { repoType: "dataset" });
  await putFiles(hub, repoId, { "b.txt": "two" }, { repoType: "dataset" });
});
afterAll(async () => {
  await hub.close();
});

describe("branches and tags", () => {
  it("creates a branch from a revision, tolerates it with existOk, deletes it", async () => {
    await createBranch({ ...alice, repoId, repoType: "dataset", branch: "old", revision: firstCommit });
    await expect(createBranch({ ...alice, repoId, repoType: "dataset", branch: "old" })).rejects.toBeInstanceOf(CommitConflictError);
    await createBranch({ ...alice, repoId, repoType: "dataset", branch: "old", existOk: true });
    expect((await repoInfo({ ...alice, repoId, repoType: "dataset", revision: "old" })).sha).toBe(firstCommit);
    await createBranch({ ...alice, repoId, repoType: "dataset", branch: "feature/x" });
    await expect(createBranch({ ...alice, repoId, repoType: "dataset", branch: "from-nowhere", revision: "nope" })).rejects.toBeInstanceOf(
      RevisionNotFoundError,
    );
    await deleteBranch({ ...alice, repoId, repoType: "dataset", branch: "old" });
    await expect(repoInfo({ ...alice, repoId, repoType: "dataset", revision: "old" })).rejects.toBeInstanceOf(RevisionNotFoundError);
    const deleteMain = await deleteBranch({ ...alice, repoId, repoType: "dataset", branch: "main" }).catch((caught: unknown) => caught);
    expect(deleteMain).toBeInstanceOf(HubHttpError);
  });

  it("tags a revision with a message, tolerates it with existOk, deletes it", async () => {
    await createTag({ ...alice, repoId, repoType: "dataset", tag: "v1", tagMessage: "first", revision: firstCommit });
    await createTag({ ...alice, repoId, repoType: "dataset", tag: "v2" });
    await expect(createTag({ ...alice, repoId, repoType: "dataset", tag: "v1" })).rejects.toBeInstanceOf(CommitConflictError);
    await createTag({ ...alice, repoId, repoType: "dataset", tag: "v1", existOk: true });
    await expect(createTag({ ...alice, repoId, repoType: "dataset", tag: "v3", revision: "nope" })).rejects.toBeInstanceOf(
      RevisionNotFoundError,
    );
    const refs = await listRepoRefs({ ...alice, repoId, repoType: "dataset" });
    expect(refs.tags.map((tag) => [tag.name, tag.ref])).toEqual(
      expect.arrayContaining([
        ["v1", "refs/tags/v1"],
        ["v2", "refs/tags/v2"],
      ]),
    );
    expect(refs.tags.find((tag) => tag.name === "v1")?.targetCommit).toBe(firstCommit);
    expect(refs.branches.map((branch) => branch.name).sort()).toEqual(["feature/x", "main"]);
    expect(refs.converts).toEqual([]);
    expect(refs.pullRequests).toBeUndefined();
    expect((await listRepoRefs({ ...alice, repoId, repoType: "dataset", includePullRequests: true })).pullRequests).toEqual([]);
    // A pull request (opened through the discussions API, another package's job) shows up as refs/pr/N.
    const opened = await fetch(`${hub.url}/api/datasets/${repoId}/discussions`, {
      method: "POST",
      headers: { authorization: `Bearer ${hub.tokens.alice}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "A pull request", description: "text", pullRequest: true }),
    });
    expect(opened.ok).toBe(true);
    const withPrs = await listRepoRefs({ ...alice, repoId, repoType: "dataset", includePullRequests: true });
    expect(withPrs.pullRequests?.map((ref) => ref.ref)).toEqual(["refs/pr/1"]);
    expect(withPrs.pullRequests?.[0]?.targetCommit).toMatch(/^[0-9a-f]{40}$/);
    expect((await listRepoRefs({ ...alice, repoId, repoType: "dataset" })).pullRequests).toBeUndefined();
    await deleteTag({ ...alice, repoId, repoType: "dataset", tag: "v2" });
    await expect(deleteTag({ ...alice, repoId, repoType: "dataset", tag: "v2" })).rejects.toBeInstanceOf(RevisionNotFoundError);
  });

  it("rejects bad names before any request", async () => {
    const fetch = mockFetch({});
    await expect(createBranch({ ...alice, fetch, repoId, branch: "has space" })).rejects.toBeInstanceOf(HubValidationError);
    await expect(createBranch({ ...alice, fetch, repoId, branch: "refs/pr/5" })).rejects.toBeInstanceOf(HubValidationError);
    await expect(createTag({ ...alice, fetch, repoId, tag: "" })).rejects.toBeInstanceOf(HubValidationError);
    await expect(deleteTag({ ...alice, fetch, repoId: "a/../b", tag: "x" })).rejects.toBeInstanceOf(HubValidationError);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("listRepoCommits", () => {
  it("yields typed commits newest first, down to the initial commit", async () => {
    const commits = await collect(listRepoCommits({ ...alice, repoId, repoType: "dataset" }));
    expect(commits).toHaveLength(3);
    expect(commits.at(-1)).toMatchObject({ id: firstCommit, title: "initial commit" });
    expect(commits.at(-1)?.authors[0]?.user).toBe("system");
    expect(commits[0]?.date).toBeInstanceOf(Date);
    expect(commits[0]!.date.getTime()).toBeGreaterThanOrEqual(commits.at(-1)!.date.getTime());
    expect(commits[0]?.authors.map((author) => author.user)).toEqual(["alice"]);
    expect(await collect(listRepoCommits({ ...alice, repoId, repoType: "dataset", limit: 1 }))).toHaveLength(1);
    const old = await collect(listRepoCommits({ ...alice, repoId, repoType: "dataset", revision: firstCommit }));
    expect(old.map((commit) => commit.id)).toEqual([firstCommit]);
    await expect(collect(listRepoCommits({ ...alice, repoId, repoType: "dataset", revision: "nope" }))).rejects.toBeInstanceOf(
      RevisionNotFoundError,
    );
  });
});
