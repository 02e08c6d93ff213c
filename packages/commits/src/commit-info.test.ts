import { describe, expect, it } from "vitest";
import { toCommitInfo } from "./commit-info.ts";

describe("toCommitInfo", () => {
  it("parses the pull request number and revision from pullRequestUrl", () => {
    const raw = {
      success: true,
      commitOid: "a".repeat(40),
      commitUrl: "https://hub/x/commit/a",
      pullRequestUrl: "https://hub/x/discussions/12",
    };
    expect(toCommitInfo(raw, { commitMessage: "m", commitDescription: "" })).toEqual({
      commitUrl: "https://hub/x/commit/a",
      commitMessage: "m",
      commitDescription: "",
      oid: "a".repeat(40),
      prUrl: "https://hub/x/discussions/12",
      prNum: 12,
      prRevision: "refs/pr/12",
      raw,
    });
  });

  it("refuses an answer without a commit id", () => {
    expect(() => toCommitInfo({ success: true }, { commitMessage: "m", commitDescription: "" })).toThrow(/commitOid/);
  });
});
