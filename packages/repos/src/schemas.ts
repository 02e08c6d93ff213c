import { HubOptionsEntries, PathInRepoSchema, RepoIdSchema, RepoParamsEntries, RevisionSchema, clientEntry } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";
import { refNameProblem } from "./safe-paths.ts";

// Each schema is built in a `@__PURE__` call, so bundles drop the ones an operation does not use
// (esbuild does not honour valibot's `@__NO_SIDE_EFFECTS__` annotations across modules).

/** Entries of every operation on one repository: Hub options, `repoId`, `repoType` (default `"model"`). */
export const RepoEntries = { ...HubOptionsEntries, ...RepoParamsEntries, ...clientEntry(CLIENT) };

/** An optional revision (branch, tag, commit sha or ref). */
export const OptionalRevision = /* @__PURE__ */ (() => v.optional(RevisionSchema))();

/** An optional revision that may also name a ref file in the cache: a valid git ref name (no `..`, no leading `/`...). */
export const OptionalRefRevision = /* @__PURE__ */ (() =>
  v.optional(
    v.pipe(
      RevisionSchema,
      v.check(
        (revision: string) => refNameProblem(revision) === undefined,
        (issue) => refNameProblem(issue.input as string) ?? "must be a valid git ref name",
      ),
    ),
  ))();

/** A repo id that must have a namespace: `"namespace/name"`. */
export const NamespacedRepoIdSchema = /* @__PURE__ */ (() =>
  v.pipe(
    RepoIdSchema,
    v.check((id) => id.includes("/"), 'must be "namespace/name"'),
  ))();

/** A path in a repository (see core's `PathInRepoSchema`). */
export const PathSchema = PathInRepoSchema;

/** A boolean flag. */
export const OptionalBoolean = /* @__PURE__ */ (() => v.optional(v.boolean("must be a boolean")))();

/** A positive integer limit on the number of items yielded. */
export const LimitSchema = /* @__PURE__ */ (() =>
  v.optional(v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(0, "must be at least 0"))))();

/** A branch or tag name: like a revision, and not a full `refs/...` name. */
export const RefNameSchema = /* @__PURE__ */ (() =>
  v.pipe(
    RevisionSchema,
    v.check((name) => !name.startsWith("refs/"), 'must be a short name, not a "refs/..." ref'),
  ))();
