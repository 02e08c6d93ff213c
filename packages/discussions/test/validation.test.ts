import { HubValidationError } from "@hub/core";
import { startTestServer, type TestServer } from "@hub/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeDiscussionStatus,
  commentDiscussion,
  createDiscussion,
  createPullRequest,
  editDiscussionComment,
  getDiscussionDetails,
  getRepoDiscussions,
  hideDiscussionComment,
  mergePullRequest,
  renameDiscussion,
} from "../src/index.ts";
import { countingFetch, createRepo, rejection } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await createRepo(server.url, server.tokens.alice, "alice/valid");
});
afterAll(async () => {
  await server.close();
});

describe("validation against the real server", () => {
  it("rejects every bad input with HubValidationError and sends nothing", async () => {
    const fetch = countingFetch();
    const common = { repoId: "alice/valid", hubUrl: server.url, accessToken: server.tokens.alice, fetch };
    const commentId = "0123456789abcdef01234567";
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["discussionNum", () => getDiscussionDetails({ ...common, discussionNum: 0 })],
      ["discussionNum", () => commentDiscussion({ ...common, discussionNum: 2.5, comment: "hi" })],
      ["discussionNum", () => mergePullRequest({ ...common, discussionNum: Number.NaN })],
      ["title", () => createDiscussion({ ...common, title: "  no " })],
      ["title", () => createPullRequest({ ...common, title: "t".repeat(201) })],
      ["newTitle", () => renameDiscussion({ ...common, discussionNum: 1, newTitle: "  " })],
      ["newStatus", () => changeDiscussionStatus({ ...common, discussionNum: 1, newStatus: "merged" as "closed" })],
      ["comment", () => commentDiscussion({ ...common, discussionNum: 1, comment: "   " })],
      ["newContent", () => editDiscussionComment({ ...common, discussionNum: 1, commentId, newContent: "\n" })],
      ["commentId", () => hideDiscussionComment({ ...common, discussionNum: 1, commentId: "not-an-id" })],
      ["repoType", () => createDiscussion({ ...common, repoType: "models" as "model", title: "Fine title" })],
      ["discussionStatus", () => getRepoDiscussions({ ...common, discussionStatus: "merged" as "open" }).next()],
    ];
    for (const [field, attempt] of attempts) {
      const error = await rejection(attempt());
      expect(error, field).toBeInstanceOf(HubValidationError);
      expect((error as HubValidationError).field, field).toBe(field);
    }
    expect(fetch.count).toBe(0);
    // The same fetch does reach the server with valid input, so the count above is meaningful.
    await createDiscussion({ ...common, title: "Valid title" });
    expect(fetch.count).toBe(2);
  });
});
