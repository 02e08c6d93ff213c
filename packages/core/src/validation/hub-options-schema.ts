import * as v from "valibot";
import type { HubRetry, HubWarning, RetryOptions } from "../options.ts";
import { RepoIdSchema } from "./repo-id-schema.ts";
import { RepoTypeSchema } from "./repo-type-schema.ts";

// Schemas are built by factories called with `@__PURE__`, so bundles that do not use them drop them.
// Every operation spreads these entries, so they use few valibot functions: `check` and `custom`
// with our own predicates instead of `integer`, `minValue`, `nonEmpty`... each of which would add
// its own code to every bundle.

const MUST_BE_A_NUMBER = "must be a number";
const MUST_BE_A_STRING = "must be a string";

function atLeast(minimum: number) {
  return v.check((value: number) => value >= minimum, `must be at least ${minimum}`);
}

function createRetryOptionsSchema(): v.GenericSchema<RetryOptions> {
  const delay = v.optional(v.pipe(v.number(MUST_BE_A_NUMBER), atLeast(0)));
  return v.object({
    attempts: v.optional(PositiveIntegerSchema),
    maxDelay: delay,
    maxServerDelay: delay,
    baseDelay: delay,
    statuses: v.optional(
      v.pipe(
        v.custom<number[]>(Array.isArray, "must be a list"),
        v.check(
          (statuses) => statuses.every((status) => Number.isInteger(status) && status >= 100 && status <= 599),
          "must be a list of HTTP statuses (integers from 100 to 599)",
        ),
      ),
    ),
  });
}

/** What `falseOrObject` reports for a value that is neither `false` nor an object. */
export interface FalseOrObjectIssue extends v.BaseIssue<unknown> {
  readonly kind: "schema";
  readonly type: "false_or_object";
  readonly expected: string;
}

/** The schema `falseOrObject` returns. */
export interface FalseOrObjectSchema<TOutput> extends v.BaseSchema<
  TOutput | false,
  TOutput | false,
  FalseOrObjectIssue | v.BaseIssue<unknown>
> {
  readonly type: "false_or_object";
  readonly reference: typeof falseOrObject;
  readonly message: string;
}

/**
 * `false`, or an object checked by `schema` (whose issues keep their nested paths, e.g.
 * `retry.attempts`); anything else breaks the rule `message`. The same result as
 * `v.union([v.literal(false), schema], message)`, built as a custom schema (valibot's "Extend
 * Valibot" recipe) because `union` and `literal` would add ~300 B (gzip) to every operation.
 */
function falseOrObject<TOutput>(schema: v.GenericSchema<unknown, TOutput>, message: string): FalseOrObjectSchema<TOutput> {
  return v._standardSchema<FalseOrObjectSchema<TOutput>>({
    kind: "schema",
    type: "false_or_object",
    reference: falseOrObject,
    expects: `(false | ${schema.expects})`,
    async: false,
    message,
    "~run"(dataset, config) {
      const { value } = dataset;
      if (typeof value === "object" && value !== null) return schema["~run"](dataset, config);
      if (value === false) (dataset as { typed: boolean }).typed = true;
      else v._addIssue(this, "type", dataset, config);
      return dataset as unknown as v.OutputDataset<TOutput | false, FalseOrObjectIssue>;
    },
  });
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === "object" && value !== null && typeof (value as AbortSignal).aborted === "boolean";
}

function isHttpUrl(url: string): boolean {
  return /^https?:\/\/[^/]+/i.test(url) && URL.canParse?.(url) !== false;
}

function createHubOptionsEntries() {
  const optionalString = v.optional(v.string(MUST_BE_A_STRING));
  return {
    accessToken: v.optional(NonEmptyStringSchema),
    hubUrl: v.optional(v.pipe(v.string(MUST_BE_A_STRING), v.check(isHttpUrl, "must be an absolute http(s) URL"))),
    fetch: v.optional(v.custom<typeof fetch>((value) => typeof value === "function", "must be a fetch function")),
    dispatcher: v.optional(v.custom<object>((value) => typeof value === "object" && value !== null, "must be a dispatcher object")),
    signal: v.optional(v.custom<AbortSignal>(isAbortSignal, "must be an AbortSignal")),
    timeout: v.optional(
      v.custom<number | false>(
        (value) => value === false || (Number.isInteger(value) && (value as number) >= 1),
        "must be a positive number of milliseconds or false",
      ),
    ),
    retry: v.optional(falseOrObject(RetryOptionsSchema, "must be retry options or false")),
    userAgent: optionalString,
    onWarning: v.optional(v.custom<(warning: HubWarning) => void>((value) => typeof value === "function", "must be a function")),
    onRetry: v.optional(v.custom<(retry: HubRetry) => void>((value) => typeof value === "function", "must be a function")),
  };
}

function createNonEmptyStringSchema() {
  return v.pipe(
    v.string(MUST_BE_A_STRING),
    v.check((text: string) => text !== "", "must not be empty"),
  );
}

function createPositiveIntegerSchema() {
  return v.pipe(
    v.number(MUST_BE_A_NUMBER),
    v.check((count: number) => Number.isInteger(count), "must be an integer"),
    atLeast(1),
  );
}

function createRepoParamsEntries() {
  return { repoId: RepoIdSchema, repoType: v.optional(RepoTypeSchema, "model") };
}

/** A string of at least one character ("must be a string", "must not be empty"), e.g. a required `accessToken`. */
export const NonEmptyStringSchema = /* @__PURE__ */ createNonEmptyStringSchema();

/** An integer of at least 1 ("must be a number", "must be an integer", "must be at least 1"), e.g. a `limit`. */
export const PositiveIntegerSchema = /* @__PURE__ */ createPositiveIntegerSchema();

/** Valibot schema of `RetryOptions`. */
export const RetryOptionsSchema: v.GenericSchema<RetryOptions> = /* @__PURE__ */ createRetryOptionsSchema();

/** Valibot entries of `HubOptions`; spread them into an operation's `v.object({...})`. */
export const HubOptionsEntries = /* @__PURE__ */ createHubOptionsEntries();

/**
 * The `client` entry a package adds to its schemas: its name and build-time version
 * (`clientEntry("repos/0.1.0")`), filled in when the caller gives none, so the user agent says
 * which package and version made each request.
 */
export function clientEntry(client: string) {
  return { client: v.optional(v.string(MUST_BE_A_STRING), client) };
}

/** Valibot entries of `RepoParams`; `repoType` defaults to `"model"` in the parsed output. */
export const RepoParamsEntries = /* @__PURE__ */ createRepoParamsEntries();

/** Schema of `HubOptions` alone. */
export const HubOptionsSchema = /* @__PURE__ */ v.object(HubOptionsEntries);
