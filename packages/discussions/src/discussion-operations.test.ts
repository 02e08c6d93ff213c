import { HubValidationError } from "@hub/core";
import { mockFetch } from "@hub/core/testing";
import { describe, expect, it } from "vitest";
import { changeDiscussionStatus } from "./change-discussion-status.ts";
import { commentDiscussion } from "./comment-discussion.ts";
import { createDiscussion } from "./create-discussion.ts";
import { createPullRequest } from "./create-pull-request.ts";
import { DEFAULT_PULL_REQUEST_DESCRIPTION } from "./default-description.ts";
import { editDiscussionComment } from "./edit-discussion-comment.ts";
import { getDiscussionDetails } from "./get-discussion-details.ts";
import { getRepoDiscussions } from "./get-repo-discussions.ts";
import { hideDiscussionComment } from "./hide-discussion-comment.ts";
import { mergePullRequest } from "./merge-pull-request.ts";
import { renameDiscussion } from "./rename-discussion.ts";

const hubUrl = "https://hub.test";
const commentId = "6399f58518721fdd27fc9caa";

/** A fetch that fails the test if it is ever called. */
const forbiddenFetch = (() => {
  throw new Error("no request may be sent");
}) as unknown as typeof fetch;

function listItem(num: number) {
  return {
    num,
    title: `Discussion ${num}`,
    status: "open",
    isPullRequest: false,
    createdAt: "2023-01-10T10:00:00.000Z",
    author: { name: "alice" },
    repo: { name: "alice/x", type: "dataset" },
  };
}

const commentEvent = {
  id: commentId,
  type: "comment",
  createdAt: "2023-01-10T10:00:00.000Z",
  author: { name: "bob" },
  data: {
    edited: true,
    hidden: false,
    latest: { raw: "v2", html: "<p>v2</p>", updatedAt: "2023-01-11T10:00:00.000Z", author: { name: "bob" } },
    history: [{ raw: "v1", html: "<p>v1</p>", updatedAt: "2023-01-10T10:00:00.000Z", author: { name: "bob" } }],
  },
};

describe("discussion operations (unit)", () => {
  it("pages through the list with p=0,1 and stops at count, sending filters", async () => {
    const fetch = mockFetch({
      "GET /api/datasets/alice/x/discussions": (request) => {
        const page = Number(new URL(request.url).searchParams.get("p"));
        return Response.json(
          page === 0 ? { discussions: [listItem(3), listItem(2)], count: 3, start: 0 } : { discussions: [listItem(1)], count: 3, start: 2 },
        );
      },
    });
    const nums: number[] = [];
    for await (const discussion of getRepoDiscussions({
      repoId: "alice/x",
      repoType: "dataset",
      author: "alice",
      discussionType: "discussion",
      discussionStatus: "all",
      hubUrl,
      fetch,
    })) {
      nums.push(discussion.num);
    }
    expect(nums).toEqual([3, 2, 1]);
    expect(fetch.calls).toHaveLength(2);
    const query = new URL(fetch.calls[0]?.url ?? "").searchParams;
    expect(Object.fromEntries(query)).toEqual({ author: "alice", type: "discussion", p: "0" });
  });

  it("stops fetching pages once the limit is reached", async () => {
    const fetch = mockFetch({
      "GET /api/models/alice/x/discussions": () => Response.json({ discussions: [listItem(3), listItem(2)], count: 3, start: 0 }),
    });
    const items = [];
    for await (const discussion of getRepoDiscussions({ repoId: "alice/x", limit: 1, hubUrl, fetch })) items.push(discussion);
    expect(items.map((item) => item.num)).toEqual([3]);
    expect(fetch.calls).toHaveLength(1);
  });

  it("converts details: typed events, PR changes, conflicts, diff, web url", async () => {
    const fetch = mockFetch({
      "GET /api/spaces/alice/x/discussions/4": () =>
        Response.json({
          ...listItem(4),
          repo: { name: "alice/x", type: "space" },
          isPullRequest: true,
          status: "merged",
          author: undefined,
          events: [
            commentEvent,
            {
              id: "a".repeat(24),
              type: "status-change",
              createdAt: "2023-01-12T00:00:00.000Z",
              author: { name: "alice" },
              data: { status: "merged" },
            },
            {
              id: "b".repeat(24),
              type: "title-change",
              createdAt: "2023-01-12T00:00:00.000Z",
              author: { name: "alice" },
              data: { from: "Old", to: "New" },
            },
            {
              id: "c".repeat(24),
              type: "commit",
              createdAt: "2023-01-12T00:00:00.000Z",
              author: { name: "alice" },
              data: { subject: "Add x", oid: "d".repeat(40) },
            },
            { id: "e".repeat(24), type: "pinning-change", createdAt: "2023-01-12T00:00:00.000Z", author: { name: "alice" }, data: {} },
          ],
          changes: { base: "refs/heads/main", mergeCommitId: "f".repeat(40) },
          filesWithConflicts: ["a.txt"],
          diff: "diff --git a/a.txt b/a.txt\n",
        }),
    });
    const details = await getDiscussionDetails({ repoId: "alice/x", repoType: "space", discussionNum: 4, hubUrl, fetch });
    expect(new URL(fetch.calls[0]?.url ?? "").searchParams.get("diff")).toBe("1");
    expect(details).toMatchObject({
      num: 4,
      author: "deleted",
      isPullRequest: true,
      gitReference: "refs/pr/4",
      url: `${hubUrl}/spaces/alice/x/discussions/4`,
      targetBranch: "refs/heads/main",
      mergeCommitOid: "f".repeat(40),
      conflictingFiles: ["a.txt"],
      diff: "diff --git a/a.txt b/a.txt\n",
    });
    const [comment, status, title, commit, other] = details.events;
    expect(comment).toMatchObject({
      type: "comment",
      content: "v2",
      rendered: "<p>v2</p>",
      edited: true,
      numberOfEdits: 1,
      lastEditedBy: "bob",
      createdAt: new Date("2023-01-10T10:00:00.000Z"),
    });
    expect(comment?.type === "comment" && comment.editHistory[0]?.content).toBe("v1");
    expect(status).toMatchObject({ type: "status-change", newStatus: "merged" });
    expect(title).toMatchObject({ type: "title-change", oldTitle: "Old", newTitle: "New" });
    expect(commit).toMatchObject({ type: "commit", summary: "Add x", oid: "d".repeat(40) });
    expect(other).toMatchObject({ type: "other", eventType: "pinning-change" });
    expect(other?.raw.type).toBe("pinning-change");
  });

  it("creates a pull request with the trimmed title and default description, then reads it", async () => {
    const fetch = mockFetch({
      "POST /api/models/alice/x/discussions": () => Response.json({ num: 7 }),
      "GET /api/models/alice/x/discussions/7": () => Response.json({ ...listItem(7), isPullRequest: true, status: "draft", events: [] }),
    });
    const created = await createPullRequest({ repoId: "alice/x", title: "  Fix  ", description: "   ", hubUrl, fetch });
    expect(await fetch.calls[0]?.request.json()).toEqual({
      title: "Fix",
      description: DEFAULT_PULL_REQUEST_DESCRIPTION,
      pullRequest: true,
    });
    expect(created).toMatchObject({ num: 7, status: "draft", gitReference: "refs/pr/7" });
  });

  it("sends each change to its resource and returns the typed event", async () => {
    const event = (type: string, data: object) => ({
      id: commentId,
      type,
      createdAt: "2023-01-10T10:00:00.000Z",
      author: { name: "alice" },
      data,
    });
    const fetch = mockFetch({
      "POST /api/models/alice/x/discussions/2/comment": () => Response.json({ newMessage: commentEvent }),
      [`POST /api/models/alice/x/discussions/2/comment/${commentId}/edit`]: () => Response.json({ updatedComment: commentEvent }),
      [`POST /api/models/alice/x/discussions/2/comment/${commentId}/hide`]: () =>
        Response.json({ updatedComment: { ...commentEvent, data: { ...commentEvent.data, hidden: true } } }),
      "POST /api/models/alice/x/discussions/2/title": () =>
        Response.json({ newTitle: event("title-change", { from: "a", to: "New title" }) }),
      "POST /api/models/alice/x/discussions/2/status": () => Response.json({ newStatus: event("status-change", { status: "closed" }) }),
      "POST /api/models/alice/x/discussions/2/merge": () => new Response(null, { status: 200 }),
    });
    const common = { repoId: "alice/x", discussionNum: 2, hubUrl, fetch };
    expect((await commentDiscussion({ ...common, comment: "hi" })).content).toBe("v2");
    expect((await editDiscussionComment({ ...common, commentId: commentId.toUpperCase(), newContent: "v2" })).type).toBe("comment");
    expect((await hideDiscussionComment({ ...common, commentId })).hidden).toBe(true);
    expect((await renameDiscussion({ ...common, newTitle: " New title " })).newTitle).toBe("New title");
    expect((await changeDiscussionStatus({ ...common, newStatus: "closed", comment: "  " })).newStatus).toBe("closed");
    expect(await mergePullRequest(common)).toBeUndefined();
    const bodies = await Promise.all(
      fetch.calls.map(async (call) => [call.request.headers.get("content-type"), await call.request.text()]),
    );
    expect(bodies).toEqual([
      ["application/json", JSON.stringify({ comment: "hi" })],
      ["application/json", JSON.stringify({ content: "v2" })],
      [null, ""],
      ["application/json", JSON.stringify({ title: "New title" })],
      ["application/json", JSON.stringify({ status: "closed" })],
      [null, ""],
    ]);
    expect(fetch.calls[1]?.url).toContain(`/comment/${commentId}/edit`);
  });

  it("rejects bad input with HubValidationError before any request", async () => {
    const common = { repoId: "alice/x", hubUrl, fetch: forbiddenFetch };
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["discussionNum", () => getDiscussionDetails({ ...common, discussionNum: 0 })],
      ["discussionNum", () => getDiscussionDetails({ ...common, discussionNum: 1.5 })],
      ["title", () => createDiscussion({ ...common, title: "  ab  " })],
      ["title", () => createPullRequest({ ...common, title: "x".repeat(201) })],
      ["newTitle", () => renameDiscussion({ ...common, discussionNum: 1, newTitle: " " })],
      ["newStatus", () => changeDiscussionStatus({ ...common, discussionNum: 1, newStatus: "merged" as "open" })],
      ["comment", () => commentDiscussion({ ...common, discussionNum: 1, comment: " \n " })],
      ["newContent", () => editDiscussionComment({ ...common, discussionNum: 1, commentId, newContent: "" })],
      ["commentId", () => hideDiscussionComment({ ...common, discussionNum: 1, commentId: "../../x" })],
      ["discussionNum", () => mergePullRequest({ ...common, discussionNum: -1 })],
      ["repoId", () => commentDiscussion({ ...common, repoId: "a/b/c", discussionNum: 1, comment: "x" })],
      ["discussionType", () => getRepoDiscussions({ ...common, discussionType: "prs" as "all" }).next()],
    ];
    for (const [field, attempt] of attempts) {
      const error = await attempt().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, field).toBeInstanceOf(HubValidationError);
      expect((error as HubValidationError).field, field).toBe(field);
    }
  });

  it("stops a pending request when the signal fires", async () => {
    const controller = new AbortController();
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const hangingFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      markStarted();
      return new Promise<Response>((_resolve, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }) as typeof fetch;
    const pending = getDiscussionDetails({
      repoId: "alice/x",
      discussionNum: 1,
      hubUrl,
      fetch: hangingFetch,
      signal: controller.signal,
      retry: false,
    });
    const outcome = pending.then(
      () => "resolved",
      () => "rejected",
    );
    await started;
    controller.abort();
    expect(await outcome).toBe("rejected");
  });
});
