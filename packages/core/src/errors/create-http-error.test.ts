import { describe, expect, it } from "vitest";
import { createHubHttpError } from "./create-http-error.ts";
import {
  BadRequestError,
  CommitConflictError,
  EntryNotFoundError,
  GatedRepoError,
  RepositoryNotFoundError,
  RevisionNotFoundError,
} from "./http-error-classes.ts";
import { HubHttpError } from "./hub-http-error.ts";
import { isHubError } from "./hub-error.ts";

const TOKEN = "hf_abcdefghijklmnopqrstuvwxyz123456";

function response(status: number, headers: Record<string, string> = {}, body: unknown = { error: "nope" }) {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), { status, headers });
}

describe("createHubHttpError", () => {
  it.each([
    ["RevisionNotFound", 404, RevisionNotFoundError],
    ["EntryNotFound", 404, EntryNotFoundError],
    ["GatedRepo", 403, GatedRepoError],
    ["RepoNotFound", 404, RepositoryNotFoundError],
    ["RepoNotFound", 401, RepositoryNotFoundError],
  ] as const)("chooses the class from X-Error-Code %s (status %i)", async (code, status, expected) => {
    const error = await createHubHttpError(response(status, { "x-error-code": code }), "get", "https://hub.test/api/models/alice/x");
    expect(error).toBeInstanceOf(expected);
    expect(error.constructor).toBe(expected);
    expect(error.errorCode).toBe(code);
    expect(error.status).toBe(status);
    expect(isHubError(error)).toBe(true);
  });

  it("keeps GatedRepoError a RepositoryNotFoundError, like Python", async () => {
    const error = await createHubHttpError(
      response(403, { "x-error-code": "GatedRepo" }),
      "GET",
      "https://hub.test/alice/x/resolve/main/a.bin",
    );
    expect(error).toBeInstanceOf(RepositoryNotFoundError);
    expect(error.name).toBe("GatedRepoError");
    expect(error.message).toMatch(/^Access to gated repository denied: alice\/x \(403 GatedRepo, GET \/alice\/x\/resolve\/main\/a.bin\)$/);
  });

  it("formats a one-line message with status, code, method, path and request id", async () => {
    const error = await createHubHttpError(
      response(404, { "x-error-code": "RepoNotFound", "x-request-id": "01HXYZ" }),
      "GET",
      "https://hub.test/api/models/alice/x",
    );
    expect(error.message).toBe("Repository not found: alice/x (404 RepoNotFound, GET /api/models/alice/x, request 01HXYZ)");
  });

  it.each([
    ["https://hub.test/api/models/alice/x", RepositoryNotFoundError],
    ["https://hub.test/api/datasets/alice/x/revision/main", RepositoryNotFoundError],
    ["https://hub.test/datasets/alice/x/resolve/main/file.txt", RepositoryNotFoundError],
    ["https://hub.test/api/whoami-v2", HubHttpError],
  ] as const)("maps a 401 without code on %s", async (url, expected) => {
    const error = await createHubHttpError(response(401), "GET", url);
    expect(error.constructor).toBe(expected);
  });

  it("keeps a 401 with invalid credentials generic even on a repo URL", async () => {
    const error = await createHubHttpError(
      response(401, { "x-error-message": "Invalid credentials in Authorization header" }),
      "GET",
      "https://hub.test/api/models/alice/x",
    );
    expect(error.constructor).toBe(HubHttpError);
    expect(error.serverMessage).toBe("Invalid credentials in Authorization header nope");
  });

  it.each([
    [400, BadRequestError],
    [409, CommitConflictError],
    [412, CommitConflictError],
    [500, HubHttpError],
    [403, HubHttpError],
  ] as const)("maps status %i without code", async (status, expected) => {
    const error = await createHubHttpError(response(status), "POST", "https://hub.test/api/repos/create");
    expect(error.constructor).toBe(expected);
  });

  it("prefers X-Error-Code over the status", async () => {
    const error = await createHubHttpError(response(400, { "x-error-code": "RevisionNotFound" }), "GET", "https://hub.test/api/models/a/b");
    expect(error).toBeInstanceOf(RevisionNotFoundError);
  });

  it("collects the server message from header, error, errors[] and plain text, de-duplicated", async () => {
    const json = await createHubHttpError(
      response(400, { "x-error-message": "bad name" }, { error: "bad name", errors: [{ message: "too long" }] }),
      "POST",
      "https://hub.test/api/repos/create",
    );
    expect(json.serverMessage).toBe("bad name too long");
    const text = await createHubHttpError(response(502, {}, "Bad gateway\n<html>"), "GET", "https://hub.test/x");
    expect(text.serverMessage).toBe("Bad gateway <html>");
    expect(text.message).not.toContain("\n");
  });

  it("falls back to CDN trace ids for the request id", async () => {
    const error = await createHubHttpError(response(500, { "x-amz-cf-id": "cf-1" }), "GET", "https://hub.test/x");
    expect(error.requestId).toBe("cf-1");
    expect(error.isRetryable).toBe(true);
  });

  it("never exposes a token: redacted URL, scrubbed server message, safe JSON", async () => {
    const error = await createHubHttpError(
      response(403, {}, { error: `token ${TOKEN} has no write access` }),
      "GET",
      `https://user:${TOKEN}@hub.test/api/models/alice/x?access_token=${TOKEN}&other=${TOKEN}&limit=2`,
      TOKEN,
    );
    for (const text of [String(error), error.stack ?? "", JSON.stringify(error), error.url, error.serverMessage ?? ""]) {
      expect(text).not.toContain(TOKEN);
    }
    expect(error.url).toBe("https://hub.test/api/models/alice/x?access_token=REDACTED&other=REDACTED&limit=2");
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "HubHttpError", status: 403, isRetryable: false });
  });
});
