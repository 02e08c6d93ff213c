import { HubHttpError, type RepoType, RepositoryNotFoundError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeDiscussionStatus,
  commentDiscussion,
  createDiscussion,
  DEFAULT_DISCUSSION_DESCRIPTION,
  editDiscussionComment,
  getDiscussionDetails,
  getRepoDiscussions,
  hideDiscussionComment,
  renameDiscussion,
} from "../src/index.ts";
import { createRepo, rejection } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function collect<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const result: Item[] = [];
  for await (const item of items) result.push(item);
  return result;
}

describe.each<RepoType>(["model", "dataset", "space"])("discussions on a %s", (repoType) => {
  const repoId = `alice/talk-${repoType}`;
  const as = (user: "alice" | "bob" | "carol") => ({ repoId, repoType, hubUrl: server.url, accessToken: server.tokens[user] });

  it("lets anyone with a write token open and comment; only the right people edit, hide, rename and close", async () => {
    await createRepo(server.url, server.tokens.alice, repoId, repoType);
    const created = await createDiscussion({ ...as("bob"), title: "  Question about the data  " });
    expect(created).toMatchObject({
      num: 1,
      title: "Question about the data",
      status: "open",
      isPullRequest: false,
      author: "bob",
      repoId,
      repoType,
      gitReference: undefined,
    });
    expect(created.url).toBe(`${server.url}/${repoType === "model" ? "" : `${repoType}s/`}${repoId}/discussions/1`);
    expect(created.events).toHaveLength(1);
    expect(created.events[0]).toMatchObject({
      type: "comment",
      content: DEFAULT_DISCUSSION_DESCRIPTION,
      author: "bob",
      hidden: false,
      edited: false,
    });
    const discussion = { discussionNum: created.num };

    const comment = await commentDiscussion({ ...as("carol"), ...discussion, comment: "**me too**" });
    expect(comment).toMatchObject({
      type: "comment",
      content: "**me too**",
      author: "carol",
      rendered: "<p>**me too**</p>",
      numberOfEdits: 0,
    });
    expect(comment.createdAt).toBeInstanceOf(Date);

    const notYours = await rejection(editDiscussionComment({ ...as("bob"), ...discussion, commentId: comment.id, newContent: "hijacked" }));
    expect(notYours).toBeInstanceOf(HubHttpError);
    expect((notYours as HubHttpError).status).toBe(403);
    const edited = await editDiscussionComment({ ...as("carol"), ...discussion, commentId: comment.id, newContent: "me too, really" });
    expect(edited).toMatchObject({ id: comment.id, content: "me too, really", edited: true, numberOfEdits: 1, lastEditedBy: "carol" });
    expect(edited.editHistory.map((version) => version.content)).toEqual(["**me too**"]);

    expect(
      ((await rejection(hideDiscussionComment({ ...as("carol"), ...discussion, commentId: comment.id }))) as HubHttpError).status,
    ).toBe(403);
    const hidden = await hideDiscussionComment({ ...as("alice"), ...discussion, commentId: comment.id });
    expect(hidden).toMatchObject({ id: comment.id, hidden: true, content: "", editHistory: [] });

    expect(
      ((await rejection(renameDiscussion({ ...as("carol"), ...discussion, newTitle: "Hijacked title" }))) as HubHttpError).status,
    ).toBe(403);
    const renamed = await renameDiscussion({ ...as("bob"), ...discussion, newTitle: "A question about the data" });
    expect(renamed).toMatchObject({
      type: "title-change",
      oldTitle: "Question about the data",
      newTitle: "A question about the data",
      author: "bob",
    });

    expect(((await rejection(changeDiscussionStatus({ ...as("carol"), ...discussion, newStatus: "closed" }))) as HubHttpError).status).toBe(
      403,
    );
    const closed = await changeDiscussionStatus({ ...as("bob"), ...discussion, newStatus: "closed", comment: "  answered  " });
    expect(closed).toMatchObject({ type: "status-change", newStatus: "closed", author: "bob" });
    const reopened = await changeDiscussionStatus({ ...as("alice"), ...discussion, newStatus: "open" });
    expect(reopened.newStatus).toBe("open");

    const details = await getDiscussionDetails({ ...as("carol"), ...discussion });
    expect(details.title).toBe("A question about the data");
    expect(details.events.map((event) => event.type)).toEqual([
      "comment",
      "comment",
      "title-change",
      "comment",
      "status-change",
      "status-change",
    ]);
    const closingComment = details.events[3];
    expect(closingComment?.type === "comment" && closingComment.content).toBe("answered");
    const hiddenComment = details.events[1];
    expect(hiddenComment?.type === "comment" && [hiddenComment.hidden, hiddenComment.content]).toEqual([true, ""]);
    expect(details).toMatchObject({ targetBranch: undefined, mergeCommitOid: undefined, conflictingFiles: [], diff: undefined });
  });

  it("lists newest first with the type, status and author filters", async () => {
    await createDiscussion({ ...as("carol"), title: "Second topic" });
    await createDiscussion({ ...as("alice"), title: "A pull request", pullRequest: true });
    const all = await collect(getRepoDiscussions({ repoId, repoType, hubUrl: server.url }));
    expect(all.map((item) => [item.num, item.isPullRequest, item.status])).toEqual([
      [3, true, "draft"],
      [2, false, "open"],
      [1, false, "open"],
    ]);
    expect(all[0]).toMatchObject({ gitReference: "refs/pr/3", author: "alice", repoId, repoType });
    expect(all[0]?.createdAt).toBeInstanceOf(Date);
    const pullRequests = await collect(getRepoDiscussions({ repoId, repoType, hubUrl: server.url, discussionType: "pull_request" }));
    expect(pullRequests.map((item) => item.num)).toEqual([3]);
    const byCarol = await collect(
      getRepoDiscussions({ repoId, repoType, hubUrl: server.url, author: "carol", discussionType: "discussion", discussionStatus: "open" }),
    );
    expect(byCarol.map((item) => item.num)).toEqual([2]);
    await changeDiscussionStatus({ ...as("carol"), discussionNum: 2, newStatus: "closed" });
    const closed = await collect(getRepoDiscussions({ repoId, repoType, hubUrl: server.url, discussionStatus: "closed" }));
    expect(closed.map((item) => item.num)).toEqual([2]);
  });
});

describe("listing and access", () => {
  it("pages through more than one page lazily and honours limit", async () => {
    const repoId = "acme/busy";
    await createRepo(server.url, server.tokens.alice, repoId);
    for (let index = 1; index <= 53; index++)
      await createDiscussion({ repoId, hubUrl: server.url, accessToken: server.tokens.bob, title: `Topic number ${index}` });
    const requests: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const all = await collect(getRepoDiscussions({ repoId, hubUrl: server.url, fetch: fetchSpy }));
    expect(all.map((item) => item.num)).toEqual(Array.from({ length: 53 }, (_, index) => 53 - index));
    expect(requests.map((url) => new URL(url).searchParams.get("p"))).toEqual(["0", "1"]);
    requests.length = 0;
    const few = await collect(getRepoDiscussions({ repoId, hubUrl: server.url, fetch: fetchSpy, limit: 5 }));
    expect(few.map((item) => item.num)).toEqual([53, 52, 51, 50, 49]);
    expect(requests).toHaveLength(1);
  });

  it("hides private repos, needs a token and a write token", async () => {
    const repoId = "alice/private-talk";
    await createRepo(server.url, server.tokens.alice, repoId, "dataset", { private: true });
    const options = { repoId, repoType: "dataset" as const, hubUrl: server.url };
    expect(await rejection(collect(getRepoDiscussions({ ...options, accessToken: server.tokens.carol })))).toBeInstanceOf(
      RepositoryNotFoundError,
    );
    expect(await rejection(createDiscussion({ ...options, accessToken: server.tokens.carol, title: "Let me in" }))).toBeInstanceOf(
      RepositoryNotFoundError,
    );
    expect(await rejection(createDiscussion({ ...options, title: "Anonymous" }))).toBeInstanceOf(RepositoryNotFoundError);
    const readOnly = await rejection(createDiscussion({ ...options, accessToken: server.tokens.aliceRead, title: "Read token" }));
    expect((readOnly as HubHttpError).status).toBe(403);
    const created = await createDiscussion({ ...options, accessToken: server.tokens.alice, title: "Internal" });
    const missing = await rejection(getDiscussionDetails({ ...options, accessToken: server.tokens.alice, discussionNum: created.num + 1 }));
    expect((missing as HubHttpError).status).toBe(404);
  });
});
