import { describe, expect, it } from "vitest";
import {
  Conflict,
  EntryNotFound,
  Inconsistent,
  InvalidInput,
  NotFound,
  RevisionNotFound,
  StaleParent,
  TooLarge,
} from "../storage/errors.ts";
import { HttpError, toHttpError } from "./errors.ts";
import { errorResponse } from "./respond.ts";

describe("toHttpError", () => {
  it.each([
    [new RevisionNotFound("v9"), 404, "RevisionNotFound", "Invalid rev id: v9"],
    [new RevisionNotFound("refs/pr/3", "Pull request not found: refs/pr/3"), 404, "RevisionNotFound", "Pull request not found: refs/pr/3"],
    [new EntryNotFound("a.txt"), 404, "EntryNotFound", "Entry not found: a.txt"],
    [new NotFound("Namespace not found: x"), 404, undefined, "Namespace not found: x"],
    [new InvalidInput("Size mismatch"), 400, undefined, "Size mismatch"],
    [new TooLarge("Body is larger"), 413, undefined, "Body is larger"],
    [new Conflict("conflicts"), 409, undefined, "conflicts"],
    [new StaleParent("A commit has happened since"), 412, undefined, "A commit has happened since"],
    [new Inconsistent("Missing commit abc"), 500, undefined, "Missing commit abc"],
  ])("maps %o to its status and code", (error, status, code, message) => {
    const mapped = toHttpError(error);
    expect(mapped).toBeInstanceOf(HttpError);
    expect(mapped).toMatchObject({ status, code, message });
  });

  it("passes other errors through", () => {
    const http = new HttpError(403, "no");
    const plain = new Error("boom");
    expect(toHttpError(http)).toBe(http);
    expect(toHttpError(plain)).toBe(plain);
  });

  it("answers a storage error with its details in the JSON body and the headers of an HTTP error", async () => {
    const response = errorResponse(
      new Conflict("Pull request #1 conflicts with refs/heads/main: a.txt", { filesWithConflicts: ["a.txt"] }),
    );
    expect(response.status).toBe(409);
    expect(response.headers.get("X-Error-Message")).toBe("Pull request #1 conflicts with refs/heads/main: a.txt");
    expect(response.headers.get("X-Error-Code")).toBeNull();
    expect(await response.text()).toBe('{"error":"Pull request #1 conflicts with refs/heads/main: a.txt","filesWithConflicts":["a.txt"]}');
  });
});
