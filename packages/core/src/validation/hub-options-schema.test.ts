import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { HubValidationError } from "../errors/hub-validation-error.ts";
import { HubOptionsEntries, RepoParamsEntries } from "./hub-options-schema.ts";
import { parse } from "./parse.ts";

const Schema = v.object({ ...HubOptionsEntries, ...RepoParamsEntries, title: v.string() });

describe("HubOptionsEntries and RepoParamsEntries", () => {
  it("parses options, defaults repoType to model and strips unknown keys", () => {
    const signal = new AbortController().signal;
    const output = parse(Schema, { repoId: "alice/x", title: "t", signal, fetch, timeout: 1000, retry: false, extra: 1 });
    expect(output).toEqual({ repoId: "alice/x", repoType: "model", title: "t", signal, fetch, timeout: 1000, retry: false });
  });

  it("names nested fields with a dot path and does not echo values", () => {
    const error = (() => {
      try {
        parse(Schema, { repoId: "alice/x", title: "t", accessToken: "", retry: { attempts: 0 }, hubUrl: "ftp://x" });
      } catch (caught) {
        return caught as HubValidationError;
      }
      throw new Error("expected a validation error");
    })();
    expect(error).toBeInstanceOf(HubValidationError);
    expect(error.issues.map((issue) => issue.field)).toEqual(["accessToken", "hubUrl", "retry.attempts"]);
    expect(error.message).toBe(
      "Invalid parameters: accessToken: must not be empty; hubUrl: must be an absolute http(s) URL; retry.attempts: must be at least 1",
    );
  });

  it.each([
    [{ timeout: 0 }, "timeout: must be a positive number of milliseconds or false"],
    [{ timeout: 1.5 }, "timeout: must be a positive number of milliseconds or false"],
    [{ retry: { statuses: [503, 700] } }, "retry.statuses: must be a list of HTTP statuses (integers from 100 to 599)"],
    [{ retry: { attempts: 1.5 } }, "retry.attempts: must be an integer"],
    [{ retry: { maxDelay: -1 } }, "retry.maxDelay: must be at least 0"],
    [{ retry: 3 }, "retry: must be retry options or false"],
    [{ retry: null }, "retry: must be retry options or false"],
    [{ retry: true }, "retry: must be retry options or false"],
    [{ retry: { attempts: "5" } }, "retry.attempts: must be a number"],
    [{ accessToken: 1 }, "accessToken: must be a string"],
  ])("states the rule of a bad option %j", (options, message) => {
    expect(() => parse(Schema, { repoId: "alice/x", title: "t", ...options })).toThrow(`Invalid ${message}`);
  });

  it("accepts timeout: false and full retry options", () => {
    const retry = { attempts: 2, maxDelay: 10, baseDelay: 0, statuses: [429] };
    expect(parse(Schema, { repoId: "alice/x", title: "t", timeout: false, retry })).toMatchObject({ timeout: false, retry });
  });

  it("rejects a wrong repo type", () => {
    expect(() => parse(Schema, { repoId: "a/b", repoType: "models", title: "t" })).toThrow(
      'Invalid repoType: must be "model", "dataset" or "space"',
    );
  });
});
