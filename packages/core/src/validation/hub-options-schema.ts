import * as v from "valibot";
import type { RetryOptions } from "../options.ts";
import { RepoIdSchema } from "./repo-id-schema.ts";
import { RepoTypeSchema } from "./repo-type-schema.ts";

// Schemas are built by factories called with `@__PURE__`, so bundles that do not use them drop them.

function createRetryOptionsSchema(): v.GenericSchema<RetryOptions> {
  const positiveInteger = v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(1, "must be at least 1"));
  const nonNegative = v.pipe(v.number("must be a number"), v.minValue(0, "must be at least 0"));
  return v.object({
    attempts: v.optional(positiveInteger),
    maxDelay: v.optional(nonNegative),
    baseDelay: v.optional(nonNegative),
    statuses: v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(599)))),
  });
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === "object" && value !== null && typeof (value as AbortSignal).aborted === "boolean";
}

function createHubOptionsEntries() {
  const timeoutMilliseconds = v.pipe(v.number(), v.integer(), v.minValue(1));
  return {
    accessToken: v.optional(v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"))),
    hubUrl: v.optional(
      v.pipe(
        v.string("must be a string"),
        v.check((url) => /^https?:\/\/[^/]+/i.test(url) && URL.canParse?.(url) !== false, "must be an absolute http(s) URL"),
      ),
    ),
    fetch: v.optional(v.custom<typeof fetch>((value) => typeof value === "function", "must be a fetch function")),
    signal: v.optional(v.custom<AbortSignal>(isAbortSignal, "must be an AbortSignal")),
    timeout: v.optional(v.union([v.literal(false), timeoutMilliseconds], "must be a positive number of milliseconds or false")),
    retry: v.optional(v.union([v.literal(false), RetryOptionsSchema], "must be retry options or false")),
    userAgent: v.optional(v.string("must be a string")),
  };
}

function createRepoParamsEntries() {
  return { repoId: RepoIdSchema, repoType: v.optional(RepoTypeSchema, "model") };
}

/** Valibot schema of `RetryOptions`. */
export const RetryOptionsSchema: v.GenericSchema<RetryOptions> = /* @__PURE__ */ createRetryOptionsSchema();

/** Valibot entries of `HubOptions`; spread them into an operation's `v.object({...})`. */
export const HubOptionsEntries = /* @__PURE__ */ createHubOptionsEntries();

/** Valibot entries of `RepoParams`; `repoType` defaults to `"model"` in the parsed output. */
export const RepoParamsEntries = /* @__PURE__ */ createRepoParamsEntries();

/** Schema of `HubOptions` alone. */
export const HubOptionsSchema = /* @__PURE__ */ v.object(HubOptionsEntries);
