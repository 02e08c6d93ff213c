import { HubOptionsEntries, RepoParamsEntries, clientEntry } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";

// Each schema is built in a `@__PURE__` call, so bundles drop the ones an operation does not use
// (esbuild does not honour valibot's `@__NO_SIDE_EFFECTS__` annotations across modules).

/** A discussion or pull-request number: a strictly positive integer. */
export const DiscussionNumSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.number("must be a number"),
    v.integer("must be a strictly positive integer"),
    v.minValue(1, "must be a strictly positive integer"),
  ))();

/** A title: 3 to 200 characters once surrounding white space is trimmed (the output is trimmed). */
export const DiscussionTitleSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.minLength(3, "must be at least 3 characters long (after trimming)"),
    v.maxLength(200, "must be at most 200 characters long (after trimming)"),
  ))();

/** A comment or content: a string with at least one non-space character (sent as given). */
export const CommentContentSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.string("must be a string"),
    v.check((text) => text.trim().length > 0, "must not be empty"),
  ))();

/** A comment id: the 24-hex id of a comment event (case-insensitive; sent in lower case). */
export const CommentIdSchema = /* @__PURE__ */ (() =>
  v.pipe(v.string("must be a string"), v.regex(/^[0-9a-fA-F]{24}$/, "must be a 24-character hexadecimal comment id"), v.toLowerCase()))();

/** A status a user may set: `open` or `closed`. */
export const NewStatusSchema = /* @__PURE__ */ (() => v.picklist(["open", "closed"], 'must be "open" or "closed"'))();

/** Entries of every operation on one repo: Hub options, `repoId`, `repoType`. */
export const RepoOperationEntries = { ...HubOptionsEntries, ...RepoParamsEntries, ...clientEntry(CLIENT) };

/** Entries of every operation on one discussion: the repo entries and `discussionNum`. */
export const DiscussionOperationEntries = { ...RepoOperationEntries, discussionNum: DiscussionNumSchema };
