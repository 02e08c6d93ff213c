import { CommitConflictError, HubNetworkError, HubValidationError, RepositoryNotFoundError } from "@hub/sdk";
import { describe, expect, it } from "vitest";
import { describeError, MissingTokenError } from "./errors.ts";

describe("describeError", () => {
  it("maps usage problems to exit 1 and Hub answers to exit 2, with advice", () => {
    expect(describeError(new MissingTokenError())).toEqual({
      exitCode: 1,
      message: "Not logged in: run `hub auth login` or set HF_TOKEN (or pass --token).",
    });
    expect(describeError(new HubValidationError([{ field: "repoId", rule: 'must not contain "--"' }]))).toEqual({
      exitCode: 1,
      message: 'Invalid repoId: must not contain "--".',
    });
    const notFound = describeError(
      new RepositoryNotFoundError({ status: 404, method: "GET", url: "http://hub/api/models/a/b", errorCode: "RepoNotFound" }),
    );
    expect(notFound.exitCode).toBe(2);
    expect(notFound.message).toMatch(/^Repository not found \(404 RepoNotFound, GET \/api\/models\/a\/b\)\. Check the repo id/);
    expect(
      describeError(new CommitConflictError({ status: 409, method: "POST", url: "http://hub/api/repos/create", serverMessage: "exists" }))
        .exitCode,
    ).toBe(2);
    expect(
      describeError(new HubNetworkError("GET", "http://127.0.0.1:9/api/whoami-v2", new Error("connect ECONNREFUSED"))).message,
    ).toContain("Check --endpoint or HF_ENDPOINT");
    expect(describeError(Object.assign(new Error("ENOENT: no such file"), { code: "ENOENT" }))).toEqual({
      exitCode: 1,
      message: "ENOENT: no such file. Check the local path.",
    });
  });

  it("never lets a token through", () => {
    const report = describeError(new Error("failed with hf_abcdefghijklmnopqrstuvwxyz in the text"));
    expect(report.message).not.toContain("hf_abcdefghijklmnopqrstuvwxyz");
    expect(report.message).toContain("REDACTED");
  });
});
