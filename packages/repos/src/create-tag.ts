import { CommitConflictError, type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalBoolean, OptionalRevision, RefNameSchema, RepoEntries } from "./schemas.ts";

/** Parameters of `createTag`. */
export interface CreateTagParams extends HubOptions, RepoParams {
  /** Name of the tag. */
  tag: string;
  /** Message of an annotated tag. */
  tagMessage?: string;
  /** What to tag: branch, commit (7-char short ids work) or ref; default the head of `main`. */
  revision?: string;
  /** Succeed when the tag already exists (default false). */
  existOk?: boolean;
}

const CreateTagSchema = /* @__PURE__ */ (() =>
  v.object({
    ...RepoEntries,
    tag: RefNameSchema,
    tagMessage: v.optional(v.string("must be a string")),
    revision: OptionalRevision,
    existOk: OptionalBoolean,
  }))();

/**
 * Tags a commit (`POST /api/{type}s/{id}/tag/{revision}` with `{tag, message}`).
 * @throws {HubValidationError} on a bad `repoId`, `tag` or `revision`, before any request.
 * @throws {RepositoryNotFoundError}; {RevisionNotFoundError} when the revision does not exist.
 * @throws {CommitConflictError} 409 when the tag exists and `existOk` is false.
 */
export async function createTag(params: CreateTagParams): Promise<void> {
  const { repoId, repoType, tag, tagMessage, revision = "main", existOk = false, ...options } = parse(CreateTagSchema, params);
  try {
    await hubRequest(options, {
      method: "POST",
      path: `${repoApiPath(repoType, repoId)}/tag/${encodeRevision(revision)}`,
      json: { tag, ...(tagMessage === undefined ? {} : { message: tagMessage }) },
      responseType: "void",
    });
  } catch (error) {
    if (!(existOk && error instanceof CommitConflictError && error.status === 409)) throw error;
  }
}
